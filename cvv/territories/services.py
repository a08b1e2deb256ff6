"""Writes on the geography: loading the bundled reference data, town-centre perimeters."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from shapely.geometry import shape
from shapely.validation import explain_validity

from cvv.audit.services import log_action
from cvv.core.formatting import of_place
from cvv.organisations.enums import OrganisationKind
from cvv.organisations.models import Organisation
from cvv.territories import geo, reference
from cvv.territories.models import (
    METROPOLE_CODE,
    METROPOLE_NAME,
    Arrondissement,
    Centralite,
    CentraliteVersion,
    Commune,
    Territoire,
)

DEFAULT_CENTRALITE_NAME = "Centre-ville"
MIN_PERIMETER_M2 = 2_000
MAX_PERIMETER_M2 = 10_000_000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


@transaction.atomic
def territories_load(*, actor=None) -> dict:
    """Load (or refresh) the Métropole, its territories, communes and arrondissements from
    the bundled reference files. Idempotent: a second run changes nothing."""
    data = reference.load_territoires()
    sources = reference.load_sources()
    millesime = next(
        source["population_vintage"]
        for source in sources["sources"]
        if source["id"] == "etalab-decoupage-administratif"
    )
    counts = {"territoires": 0, "communes": 0, "arrondissements": 0, "centralites": 0}
    commune_territory = {}
    for rank, item in enumerate(data["territoires"], start=1):
        territoire, _ = Territoire.objects.update_or_create(
            code=item["code"],
            defaults={
                "nom": item["nom"],
                "nom_officiel": item.get("nom_officiel", ""),
                "siren": item["siren"],
                "rank": rank,
            },
        )
        counts["territoires"] += 1
        for code in item["communes"]:
            commune_territory[code] = territoire
    for item in reference.load_communes():
        lon, lat = item["mairie"]
        commune, _ = Commune.objects.update_or_create(
            code=item["code"],
            defaults={
                "nom": item["nom"],
                "siren": item["siren"],
                "departement": item["departement"],
                "territoire": commune_territory[item["code"]],
                "population": item["population"],
                "population_millesime": str(millesime),
                "contour": item["contour"],
                "mairie_lon": lon,
                "mairie_lat": lat,
            },
        )
        counts["communes"] += 1
    paris = Commune.objects.get(code="75056")
    for item in reference.load_arrondissements():
        mairie = item.get("mairie") or (None, None)
        Arrondissement.objects.update_or_create(
            code=item["code"],
            defaults={
                "nom": item["nom"],
                "commune": paris,
                "population": item["population"],
                "contour": item["contour"],
                "mairie_lon": mairie[0],
                "mairie_lat": mairie[1],
            },
        )
        counts["arrondissements"] += 1
    _ensure_organisations(data)
    for commune in Commune.objects.filter(centralites__isnull=True):
        centralite_create_provisional(commune=commune, actor=actor)
        counts["centralites"] += 1
    return counts


def _ensure_organisations(data):
    metropole = data["metropole"]
    Organisation.objects.update_or_create(
        kind=OrganisationKind.METROPOLE,
        siren=METROPOLE_CODE,
        defaults={"name": metropole.get("nom", METROPOLE_NAME)},
    )
    for territoire in Territoire.objects.all():
        Organisation.objects.update_or_create(
            kind=OrganisationKind.TERRITOIRE,
            territoire=territoire,
            defaults={"name": territoire.nom, "siren": territoire.siren},
        )
    for commune in Commune.objects.select_related("territoire"):
        Organisation.objects.update_or_create(
            kind=OrganisationKind.COMMUNE,
            commune=commune,
            defaults={
                "name": commune_organisation_name(commune.nom),
                "siren": commune.siren,
                "territoire": commune.territoire,
            },
        )


def commune_organisation_name(nom):
    """ "Commune d’Aulnay-sous-Bois", "Commune de Montreuil" (French elision)."""
    elide = nom[:1].upper() in "AEIOUYÉÈÊH" and not nom.startswith(("Le ", "La ", "Les "))
    if nom.startswith("Le "):
        return f"Commune du {nom[3:]}"
    if nom.startswith("Les "):
        return f"Commune des {nom[4:]}"
    return f"Commune d’{nom}" if elide else f"Commune de {nom}"


def centralite_create_provisional(*, commune, actor=None, nom=DEFAULT_CENTRALITE_NAME):
    geometry = geo.provisional_perimeter(commune.mairie_lon, commune.mairie_lat, commune.geometry)
    with transaction.atomic():
        centralite, _ = Centralite.objects.get_or_create(commune=commune, nom=nom)
        version = _add_version(
            centralite,
            geometry,
            CentraliteVersion.Source.PROVISIONAL,
            actor,
            "Périmètre provisoire : disque de 300 m autour de la mairie, limité à la commune.",
        )
    return version


def _add_version(centralite, geometry, source, actor, comment=""):
    last = centralite.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = CentraliteVersion.objects.create(
        centralite=centralite,
        number=last + 1,
        source=source,
        geometry=geo.rounded_mapping(geo.as_multipolygon(geometry)),
        area_m2=round(geo.area_m2(geometry), 1),
        comment=comment,
        created_by=actor,
    )
    log_action(
        "territories.centralite.version_added",
        actor=actor,
        obj=centralite,
        data={"version": version.number, "source": source, "area_m2": version.area_m2},
    )
    return version


def _looks_lambert93(bounds) -> bool:
    minx, miny, maxx, maxy = bounds
    return 0 <= minx <= maxx <= 1_300_000 and 6_000_000 <= miny <= maxy <= 7_200_000


def parse_perimeter_geojson(raw, *, lambert93=False) -> object:
    """Parse uploaded GeoJSON into one (Multi)Polygon in WGS84, or raise ValidationError with
    a message a commune agent can act on. With `lambert93=True`, coordinates in Lambert-93
    (EPSG:2154, metres, recognised by their range over metropolitan France) are
    reprojected to WGS84 with pyproj."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_UPLOAD_BYTES:
            raise ValidationError("Le fichier dépasse 2 Mo : simplifiez le périmètre.")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "Le fichier n’est pas un texte UTF-8 : attendu du GeoJSON."
            ) from None
    try:
        document = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"GeoJSON illisible (ligne {exc.lineno}, colonne {exc.colno}) : {exc.msg}."
        ) from None
    if not isinstance(document, dict) or "type" not in document:
        raise ValidationError("Ce n’est pas un objet GeoJSON (propriété « type » absente).")
    kind = document["type"]
    if kind == "FeatureCollection":
        features = document.get("features") or []
        if len(features) != 1:
            raise ValidationError(
                f"La collection contient {len(features)} entités : un périmètre est attendu "
                "(une seule entité Polygon ou MultiPolygon)."
            )
        document = features[0]
        kind = document.get("type")
    if kind == "Feature":
        document = document.get("geometry") or {}
        kind = document.get("type")
    if kind not in {"Polygon", "MultiPolygon"}:
        raise ValidationError(
            f"Géométrie de type « {kind} » : un Polygon ou un MultiPolygon est attendu."
        )
    try:
        geometry = shape(document)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ValidationError(f"Coordonnées du polygone mal formées : {exc}.") from None
    if geometry.is_empty:
        raise ValidationError("Le polygone est vide.")
    if lambert93 and _looks_lambert93(geometry.bounds):
        geometry = geo.to_wgs84(geometry)
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationError(
            "Les coordonnées ne sont pas des longitudes/latitudes (WGS84, EPSG:4326). "
            "Un fichier en Lambert-93 doit être reprojeté avant l’import."
        )
    if not geometry.is_valid:
        raise ValidationError(f"Polygone invalide : {explain_validity(geometry)}.")
    return geometry


def validate_perimeter_for_commune(geometry, commune, *, what="une centralité"):
    commune_shape = commune.geometry
    if not geometry.intersects(commune_shape):
        raise ValidationError(
            f"Le périmètre ne recoupe pas le territoire {of_place(commune.nom)} : "
            "vérifiez la commune ou l’ordre des coordonnées (longitude, latitude)."
        )
    area = geo.area_m2(geometry)
    if area < MIN_PERIMETER_M2:
        raise ValidationError(
            f"Le périmètre mesure {area:,.0f} m² : trop petit pour {what} "
            f"(minimum {MIN_PERIMETER_M2:,} m²).".replace(",", " ")
        )
    commune_area = geo.area_m2(commune_shape)
    if area > min(MAX_PERIMETER_M2, commune_area):
        raise ValidationError(
            f"Le périmètre mesure {area / 1e6:.2f} km² : trop grand pour {what} "
            f"(maximum {min(MAX_PERIMETER_M2, commune_area) / 1e6:.2f} km²)."
        )
    inside = geo.area_m2(geometry.intersection(commune_shape)) / area
    if inside < 0.5:
        raise ValidationError(
            f"Seuls {inside:.0%} du périmètre sont dans la commune : au moins la moitié "
            "doit l’être."
        )


def centralite_replace_perimeter(*, centralite, raw_geojson, actor, source=None, comment=""):
    """Add a new version of a perimeter from uploaded or drawn GeoJSON."""
    geometry = parse_perimeter_geojson(raw_geojson)
    validate_perimeter_for_commune(geometry, centralite.commune)
    with transaction.atomic():
        return _add_version(
            centralite, geometry, source or CentraliteVersion.Source.UPLOAD, actor, comment
        )


def centralite_create(*, commune, nom, raw_geojson, actor, comment=""):
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": "Donnez un nom à la centralité."})
    if Centralite.objects.filter(commune=commune, nom__iexact=nom).exists():
        raise ValidationError({"nom": f"{commune.nom} a déjà une centralité « {nom} »."})
    geometry = parse_perimeter_geojson(raw_geojson)
    validate_perimeter_for_commune(geometry, commune)
    with transaction.atomic():
        centralite = Centralite.objects.create(commune=commune, nom=nom)
        _add_version(centralite, geometry, CentraliteVersion.Source.UPLOAD, actor, comment)
    return centralite
