"""The demo toolbox: about thirty resources of the kind the programme's partners publish.

Texts are written for the demo (summaries of well-known practices and tools); links point
only to the home pages of the institutions cited."""

# (title, category, author, tags, summary, url)
RESOURCES = [
    (
        "Recruter et installer un manager de commerce",
        "guide",
        "Métropole du Grand Paris",
        "manager de commerce, recrutement, animation",
        "Profil de poste, missions, rattachement, indicateurs de suivi et financement du poste "
        "de manager de centre-ville pendant les trois premières années.",
        "",
    ),
    (
        "Fiche de poste type : manager de centre-ville",
        "template",
        "Métropole du Grand Paris",
        "manager de commerce, modèle, ressources humaines",
        "Modèle de fiche de poste à adapter : missions, compétences, relations avec les "
        "commerçants, les associations et les services municipaux.",
        "",
    ),
    (
        "Réaliser un diagnostic commercial de centre-ville",
        "guide",
        "CCI Paris Île-de-France",
        "diagnostic, vacance commerciale, offre commerciale",
        "Méthode pas à pas : relevé des cellules, taux de vacance, diversité de l’offre, flux "
        "piétons, zones de chalandise et attentes des habitants.",
        "https://www.cci-paris-idf.fr",
    ),
    (
        "Mesurer la vacance commerciale : méthode et grille de relevé",
        "template",
        "CCI Paris Île-de-France",
        "vacance commerciale, relevé terrain, observatoire",
        "Grille de relevé terrain des locaux commerciaux (occupé, vacant, en travaux) et calcul "
        "du taux de vacance par linéaire.",
        "",
    ),
    (
        "Le droit de préemption commercial : mode d’emploi",
        "legal",
        "Banque des Territoires",
        "préemption, fonds de commerce, juridique, bail",
        "Instituer un périmètre de sauvegarde du commerce et de l’artisanat, exercer le droit de "
        "préemption sur les fonds, baux et terrains, rétrocéder dans les délais légaux.",
        "https://www.banquedesterritoires.fr",
    ),
    (
        "Modèle de délibération : périmètre de sauvegarde du commerce",
        "template",
        "Métropole du Grand Paris",
        "préemption, délibération, modèle",
        "Délibération type instituant un périmètre de sauvegarde du commerce et de l’artisanat de "
        "proximité, avec rapport de présentation.",
        "",
    ),
    (
        "Bail commercial : les clauses à négocier",
        "legal",
        "CCI Paris Île-de-France",
        "bail commercial, loyer, juridique",
        "Durée, destination, révision triennale, charges et travaux, cession : ce que la commune "
        "ou la foncière doit vérifier avant de louer une cellule.",
        "",
    ),
    (
        "Taxe sur les friches commerciales",
        "legal",
        "Métropole du Grand Paris",
        "fiscalité, vacance, friche commerciale",
        "Conditions d’institution de la taxe annuelle sur les friches commerciales, assiette, "
        "taux progressifs et effets attendus sur la remise en location.",
        "",
    ),
    (
        "Intervenir avec une foncière de redynamisation",
        "land",
        "Foncière métropolitaine du commerce",
        "foncière, acquisition, portage, cellules vacantes",
        "Comment une foncière acquiert, rénove et loue des cellules commerciales stratégiques, "
        "à quel loyer et avec quelle sortie.",
        "",
    ),
    (
        "Portage foncier avec l’établissement public foncier",
        "land",
        "EPF Île-de-France",
        "portage foncier, EPF, convention",
        "Convention d’intervention foncière, durée de portage, conditions de rachat et "
        "articulation avec un projet de rez-de-chaussée commercial.",
        "",
    ),
    (
        "Concevoir une charte des devantures et enseignes",
        "advice",
        "CAUE",
        "devanture, enseigne, paysage urbain, charte",
        "Principes architecturaux, couleurs, matériaux, enseignes et stores : élaborer avec les "
        "commerçants une charte applicable et la faire vivre.",
        "",
    ),
    (
        "Aide à la rénovation des vitrines : règlement type",
        "template",
        "Métropole du Grand Paris",
        "vitrine, subvention, règlement, rénovation",
        "Règlement d’attribution d’une aide communale à la rénovation des vitrines : dépenses "
        "éligibles, plafonds, pièces à fournir, contrôle.",
        "",
    ),
    (
        "Animer un marché forain attractif",
        "advice",
        "Chambre de métiers et de l’artisanat d’Île-de-France",
        "marché, animation, commerçants non sédentaires",
        "Placement, horaires, diversité des étals, animations et communication pour faire du "
        "marché un moteur du centre-ville.",
        "",
    ),
    (
        "Créer ou relancer une association de commerçants",
        "advice",
        "Chambre de métiers et de l’artisanat d’Île-de-France",
        "association, commerçants, animation, gouvernance",
        "Statuts, cotisations, programme d’animations, relations avec la mairie : les étapes pour "
        "fédérer les commerçants.",
        "",
    ),
    (
        "Programmation commerciale d’un rez-de-chaussée",
        "guide",
        "CCI Paris Île-de-France",
        "programmation, rez-de-chaussée, mixité commerciale",
        "Définir la bonne activité au bon endroit : complémentarités, locomotives, loyers "
        "soutenables et critères de sélection des preneurs.",
        "",
    ),
    (
        "Boutique à l’essai : lancer un dispositif",
        "guide",
        "CCI Paris Île-de-France",
        "boutique à l’essai, création d’entreprise, vacance",
        "Louer une cellule vacante à un porteur de projet à loyer réduit pendant six mois, avec "
        "accompagnement et partenaires bancaires.",
        "",
    ),
    (
        "Plan de financement d’une opération de centre-ville",
        "template",
        "Banque des Territoires",
        "financement, plan de financement, modèle",
        "Tableau type du plan de financement (dépenses, recettes, subventions, emprunts) à joindre "
        "aux demandes d’aide.",
        "",
    ),
    (
        "Mobiliser les financements de l’ingénierie",
        "guide",
        "Banque des Territoires",
        "ingénierie, financement, études",
        "Cofinancer les études de programmation, le chef de projet et les diagnostics : les "
        "dispositifs disponibles et comment les combiner.",
        "https://www.banquedesterritoires.fr",
    ),
    (
        "Réussir la concertation avec les habitants et commerçants",
        "advice",
        "Métropole du Grand Paris",
        "concertation, participation, ateliers",
        "Ateliers, marches exploratoires, questionnaires : organiser une concertation utile à la "
        "stratégie de revitalisation.",
        "",
    ),
    (
        "Piétonniser une rue commerçante : retours d’expérience",
        "guide",
        "Cerema",
        "mobilité, piétonnisation, espace public",
        "Effets sur la fréquentation et le chiffre d’affaires, phasage, livraisons et "
        "stationnement : enseignements de plusieurs villes.",
        "https://www.cerema.fr",
    ),
    (
        "Stationnement et accès au centre-ville",
        "advice",
        "Cerema",
        "stationnement, mobilité, accessibilité",
        "Rotation, stationnement minute, vélo, livraisons : ajuster l’offre pour servir le "
        "commerce de proximité.",
        "https://www.cerema.fr",
    ),
    (
        "Commerce et numérique : accompagner les commerçants",
        "training",
        "CCI Paris Île-de-France",
        "numérique, vente en ligne, formation",
        "Cycle de formation de quatre demi-journées : fiche d’établissement en ligne, réseaux "
        "sociaux, click and collect, paiement.",
        "",
    ),
    (
        "Formation des élus : la revitalisation commerciale",
        "training",
        "Métropole du Grand Paris",
        "élus, formation, stratégie",
        "Une journée pour les élus au commerce : leviers d’action, outils juridiques et fonciers, "
        "retours d’expérience métropolitains.",
        "",
    ),
    (
        "Transmission-reprise des commerces",
        "advice",
        "Chambre de métiers et de l’artisanat d’Île-de-France",
        "transmission, reprise, artisanat",
        "Repérer les cédants, préparer la transmission et accompagner les repreneurs pour éviter "
        "les fermetures.",
        "",
    ),
    (
        "Cahier des charges : étude de programmation commerciale",
        "template",
        "Métropole du Grand Paris",
        "cahier des charges, étude, marché public",
        "Cahier des clauses techniques d’une étude de programmation commerciale de centre-ville, "
        "avec livrables et calendrier.",
        "",
    ),
    (
        "Tableau de bord de suivi du plan d’actions",
        "template",
        "Métropole du Grand Paris",
        "suivi, indicateurs, plan d’actions",
        "Tableur de suivi des actions, des budgets et des indicateurs de résultat à présenter en "
        "comité de pilotage.",
        "",
    ),
    (
        "Indicateurs d’évaluation d’une stratégie de centre-ville",
        "guide",
        "Cerema",
        "évaluation, indicateurs, observatoire",
        "Vacance, diversité, fréquentation, emplois, satisfaction : choisir et suivre les "
        "indicateurs d’une stratégie de revitalisation.",
        "",
    ),
    (
        "Occupation temporaire des locaux vacants",
        "legal",
        "Banque des Territoires",
        "urbanisme transitoire, convention d’occupation, vacance",
        "Conventions d’occupation précaire, assurances et sécurité pour ouvrir des locaux vides "
        "à des projets temporaires.",
        "",
    ),
    (
        "Commerce et quartiers prioritaires",
        "guide",
        "Agence nationale de la cohésion des territoires",
        "quartiers prioritaires, politique de la ville, commerce",
        "Spécificités du commerce dans les quartiers prioritaires, outils dédiés et partenaires.",
        "https://agence-cohesion-territoires.gouv.fr",
    ),
    (
        "Modèle de convention d’accompagnement commune – Métropole",
        "template",
        "Métropole du Grand Paris",
        "convention, accompagnement, modèle",
        "Convention type précisant les engagements de la commune et de la Métropole, la "
        "gouvernance et le calendrier de l’accompagnement.",
        "",
    ),
]
