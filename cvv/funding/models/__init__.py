from cvv.funding.models.reglement import Reglement, ReglementCategory, ReglementParameter

__all__ = ["Reglement", "ReglementCategory", "ReglementParameter"]
