"""Colour classes for the choropleth map (quantiles, five classes) and its legend.

The legend's swatches use the CSS classes `swatch-<index>` / `swatch-none` of cvv.css, which
repeat these colours (no style attribute: the CSP forbids them; tests/test_csp.py checks
both lists agree)."""

PALETTE = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#d9d9d9"


def classes(values, count=5):
    present = sorted(v for v in values if v is not None)
    if not present:
        return []
    bounds = []
    for i in range(1, count):
        bounds.append(present[min(len(present) - 1, int(len(present) * i / count))])
    edges = [present[0], *bounds, present[-1]]
    result = []
    for i in range(count):
        low, high = edges[i], edges[i + 1]
        if result and low == result[-1]["low"] and high == result[-1]["high"]:
            continue
        result.append({"low": low, "high": high, "color": PALETTE[i], "swatch": f"swatch-{i}"})
    return result


def color_of(value, legend):
    if value is None or not legend:
        return NO_DATA
    for item in legend:
        if value <= item["high"]:
            return item["color"]
    return legend[-1]["color"]


def features(rows, contours, indicator, legend, label_format):
    result = []
    for row in rows:
        value = row.values.get(indicator)
        color = color_of(value, legend)
        result.append(
            {
                "type": "Feature",
                "geometry": contours.get(row.code),
                "properties": {
                    "code": row.code,
                    "nom": row.nom,
                    "label": f"{row.nom} : {label_format(value)}",
                    "_style": {
                        "color": "#33415c",
                        "weight": 1,
                        "fillColor": color,
                        "fillOpacity": 0.85,
                    },
                },
            }
        )
    return {"type": "FeatureCollection", "features": result}
