"""Centres-Villes Vivants: the platform of the Métropole du Grand Paris town-centre programme."""
