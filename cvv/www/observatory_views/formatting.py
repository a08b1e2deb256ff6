from cvv.observatory.indicators import COLUMNS, MAP_INDICATORS
from cvv.observatory.nomenclature import CATEGORY_LABELS

PERCENT = ("part_", "taux_")


def label_of(name):
    if name.startswith("part_") and name[5:] in CATEGORY_LABELS:
        return f"Part : {CATEGORY_LABELS.get(name[5:], name[5:])}"
    return dict(COLUMNS).get(name, name)


def map_choices():
    return [
        (name, label_of(name) if name.startswith("part_") else label)
        for name, label in MAP_INDICATORS
    ]


def display(name, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if name.startswith(PERCENT):
        return f"{value * 100:.1f} %".replace(".", ",")
    if name in {"densite_commerciale"}:
        return f"{value:.1f}".replace(".", ",")
    if name in {"indice_diversite", "indice_besoin"}:
        return f"{value:.3f}".replace(".", ",")
    if isinstance(value, float):
        if value.is_integer():  # e.g. the median of counts
            value = int(value)
        else:
            return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u202f")


def formatter(name):
    return lambda value: display(name, value)
