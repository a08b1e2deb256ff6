"""The official file formats the observatory reads, with the official column names.

SIRENE: INSEE, « Base Sirene des entreprises et de leurs établissements », fichiers
StockEtablissement (54 columns since the addition of `activitePrincipaleNAF25Etablissement`),
StockEtablissementHistorique, and the geolocation file of establishments
(GeolocalisationEtablissement_Sirene_pour_etudes_statistiques). BPE: INSEE, « Base
permanente des équipements », file of equipments (current format). Populations: INSEE,
populations légales, `donnees_communes.csv`.
"""

SIRENE_STOCK_COLUMNS = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement",
    "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement",
    "typeVoie2Etablissement",
    "libelleVoie2Etablissement",
    "codePostal2Etablissement",
    "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement",
    "codeCedex2Etablissement",
    "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement",
    "libellePaysEtranger2Etablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
]
assert len(SIRENE_STOCK_COLUMNS) == 54

# The only stock columns the observatory reads (projection pushed down to the file reader).
SIRENE_STOCK_NEEDED = [
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "codeCommuneEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
    # The address, to place establishments without coordinates (addresses.py).
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
]

SIRENE_HISTORY_COLUMNS = [
    "siret",
    "dateFin",
    "dateDebut",
    "etatAdministratifEtablissement",
    "changementEtatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "changementEnseigneEtablissement",
    "denominationUsuelleEtablissement",
    "changementDenominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "changementActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "changementCaractereEmployeurEtablissement",
]
SIRENE_HISTORY_NEEDED = [
    "siret",
    "dateFin",
    "dateDebut",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
]

GEOLOC_COLUMNS = [
    "siret",
    "x",
    "y",
    "qualite_xy",
    "epsg",
    "plg_qp",
    "plg_iris",
    "plg_zus",
    "plg_qva",
    "plg_code_commune",
    "distance_precision",
    "qualite_qp",
    "qualite_iris",
    "qualite_zus",
    "qualite_qva",
    "y_latitude",
    "x_longitude",
]
GEOLOC_NEEDED = ["siret", "x_longitude", "y_latitude"]

# BPE, current format (one row per equipment, `;`-separated CSV or parquet).
BPE_NEEDED = ["AN", "DEPCOM", "TYPEQU"]
BPE_COMMERCE_DOMAIN = "B"  # domain B of the BPE nomenclature: commerces

# INSEE legal populations, donnees_communes.csv (`;`-separated).
POPULATION_COLUMNS = ["CODREG", "REG", "CODDEP", "CODARR", "CODCAN", "CODCOM", "COM", "PMUN"]
POPULATION_NEEDED = ["CODDEP", "CODCOM", "PMUN"]

# Field surveys of premises (relevés de locaux): the platform's template.
SURVEY_COLUMNS = [
    "code_commune",
    "date_releve",
    "adresse",
    "longitude",
    "latitude",
    "statut",
    "activite",
    "enqueteur",
]
SURVEY_REQUIRED = ["code_commune", "date_releve", "statut"]
SURVEY_STATUSES = {"occupe": "occupé", "vacant": "vacant", "travaux": "en travaux"}

UNKNOWN_DATE = "1900-01-01"
