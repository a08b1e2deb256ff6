"""Checks of a premises typed on a phone during a field survey: the GPS position must lie in
the commune (or Paris arrondissement) the premises is coded in, and a photo from the camera
must be a JPEG or PNG image of bounded size before it goes to the commune's vault."""

from django.core.exceptions import ValidationError

from cvv.documents.validation import detect
from cvv.observatory import limits
from cvv.observatory.plausibility import BORDER_TOLERANCE
from cvv.territories.models import Arrondissement, Commune

PHOTO_TYPES = {"image/jpeg", "image/png"}


def _french_number(value, digits=5):
    return f"{value:.{digits}f}".replace(".", ",")


def area_of(code):
    """The commune or Paris arrondissement of a premises code (None if unknown)."""
    for model in (Arrondissement, Commune):
        area = model.objects.filter(code=code).only("code", "nom", "contour").first()
        if area is not None:
            return area
    return None


def check_position(*, code, lon, lat):
    """Raise a French ValidationError unless (lon, lat) lies in the area of `code` (with the
    same tolerance as the import's plausibility check, ~50 m, for the phone's GPS noise)."""
    if lon is None and lat is None:
        return
    if lon is None or lat is None:
        raise ValidationError({"lat": "Position incomplète : reprenez la localisation."})
    area = area_of(code)
    if area is None or not area.contour:
        return
    import shapely

    outline = shapely.buffer(area.geometry, BORDER_TOLERANCE)
    if not shapely.intersects_xy(outline, lon, lat):
        raise ValidationError(
            {
                "lat": f"La position relevée (latitude {_french_number(lat)}, longitude "
                f"{_french_number(lon)}) est en dehors du territoire choisi, « {area.nom} » : "
                "reprenez la localisation devant le local, ou effacez la position et "
                "indiquez seulement l’adresse."
            }
        )


def check_photo(uploaded_file):
    """Read and check a photo from the camera before it is stored: size first (declared,
    then real), then the type from the content. Returns nothing; the vault checks again."""
    maximum = limits.get("OBSERVATORY_SURVEY_PHOTO_MAX_BYTES")
    too_big = ValidationError(
        {
            "photo": "La photo pèse plus de "
            f"{limits.megabytes(maximum)} : reprenez-la en qualité réduite."
        }
    )
    declared = getattr(uploaded_file, "size", None)
    if declared and declared > maximum:
        raise too_big
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    content = uploaded_file.read(maximum + 1)
    if len(content) > maximum:
        raise too_big
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    if not content:
        raise ValidationError({"photo": "Le fichier de la photo est vide."})
    not_an_image = ValidationError(
        {"photo": "La photo doit être une image JPEG ou PNG (prise avec l’appareil photo)."}
    )
    try:
        detected = detect(content, getattr(uploaded_file, "name", "") or "photo")
    except ValidationError:
        raise not_an_image from None
    if detected.content_type not in PHOTO_TYPES:
        raise not_an_image
