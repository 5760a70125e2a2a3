"""Loads DigComp 2.2: 5 areas, 21 competences (with ESCO skills), 8 levels."""

from django.db import migrations

FRAMEWORK = {"name": "DigComp", "version": "2.2"}

# number: (English, French, Dutch)
AREAS = {
    1: (
        "Information and data literacy",
        "Maîtrise de l'information et des données",
        "Informatie- en datageletterdheid",
    ),
    2: (
        "Communication and collaboration",
        "Communication et collaboration",
        "Communicatie en samenwerking",
    ),
    3: (
        "Digital content creation",
        "Création de contenus numériques",
        "Creatie van digitale inhoud",
    ),
    4: ("Safety", "Sécurité", "Veiligheid"),
    5: ("Problem solving", "Résolution de problèmes", "Problemen oplossen"),
}

ESCO_SKILL = "http://data.europa.eu/esco/skill/"

# code: (English, French, Dutch, ESCO skill UUID or "" when ESCO has none)
COMPETENCES = {
    "1.1": (
        "Browsing, searching and filtering data, information and digital content",
        "Naviguer, rechercher et filtrer des données, des informations et des "
        "contenus numériques",
        "Browsen, zoeken en filteren van data, informatie en digitale inhoud",
        "e439742d-558d-4f52-885e-afdc740b48cf",
    ),
    "1.2": (
        "Evaluating data, information and digital content",
        "Évaluer des données, des informations et des contenus numériques",
        "Evalueren van data, informatie en digitale inhoud",
        "1d6c7de4-350e-4868-a47b-333b4b0d9650",
    ),
    "1.3": (
        "Managing data, information and digital content",
        "Gérer des données, des informations et des contenus numériques",
        "Beheren van data, informatie en digitale inhoud",
        "4d97e3c3-f335-47cc-a4ee-0d779fd42222",
    ),
    "2.1": (
        "Interacting through digital technologies",
        "Interagir par le biais des technologies numériques",
        "Interageren via digitale technologieën",
        "a12057b4-6d11-4a12-ab8e-15a028ef0a6d",
    ),
    "2.2": (
        "Sharing through digital technologies",
        "Partager par le biais des technologies numériques",
        "Delen via digitale technologieën",
        "40001d93-8937-4859-89d5-2dca53290ff4",
    ),
    "2.3": (
        "Engaging in citizenship through digital technologies",
        "S'engager dans la citoyenneté par le biais des technologies numériques",
        "Burgerschap uitoefenen via digitale technologieën",
        "16a00c69-9c74-4c37-96d7-6301d285e5ce",
    ),
    "2.4": (
        "Collaborating through digital technologies",
        "Collaborer par le biais des technologies numériques",
        "Samenwerken via digitale technologieën",
        "2b34a99f-9813-4c91-9509-b6b9b8c3132e",
    ),
    # ESCO's DigComp collection has no skill for Netiquette.
    "2.5": ("Netiquette", "Nétiquette", "Netiquette", ""),
    "2.6": (
        "Managing digital identity",
        "Gérer son identité numérique",
        "Beheren van de digitale identiteit",
        "bc0b0b5d-f6be-405a-b224-b6902a4dbe97",
    ),
    "3.1": (
        "Developing digital content",
        "Développer des contenus numériques",
        "Ontwikkelen van digitale inhoud",
        "5fd5c985-eaaa-47aa-8314-62359c54505a",
    ),
    "3.2": (
        "Integrating and re-elaborating digital content",
        "Intégrer et réélaborer des contenus numériques",
        "Integreren en herwerken van digitale inhoud",
        "5af49836-2269-46d9-87b9-0d3140c6c22e",
    ),
    "3.3": (
        "Copyright and licences",
        "Droits d'auteur et licences",
        "Auteursrecht en licenties",
        "a91732ce-988e-4105-9570-f425c6ffdc82",
    ),
    "3.4": (
        "Programming",
        "Programmation",
        "Programmeren",
        "21d2f96d-35f7-4e3f-9745-c533d2dd6e97",
    ),
    "4.1": (
        "Protecting devices",
        "Protéger les appareils",
        "Beschermen van apparaten",
        "df329d70-87b0-466b-a214-3431f36e2a5e",
    ),
    "4.2": (
        "Protecting personal data and privacy",
        "Protéger les données personnelles et la vie privée",
        "Beschermen van persoonsgegevens en privacy",
        "33a82b83-c838-4889-ae62-fae1317481eb",
    ),
    "4.3": (
        "Protecting health and well-being",
        "Protéger la santé et le bien-être",
        "Beschermen van gezondheid en welzijn",
        "d1ed5b3a-cab5-4c5d-baf8-0214998b58fb",
    ),
    "4.4": (
        "Protecting the environment",
        "Protéger l'environnement",
        "Beschermen van het milieu",
        "c4ba12d1-4698-42fa-8abb-789462ea2586",
    ),
    "5.1": (
        "Solving technical problems",
        "Résoudre des problèmes techniques",
        "Oplossen van technische problemen",
        "14832d87-2f2f-4895-b290-e4760ebae42a",
    ),
    "5.2": (
        "Identifying needs and technological responses",
        "Identifier les besoins et les réponses technologiques",
        "Identificeren van behoeften en technologische oplossingen",
        "42fcf80d-7b45-40f3-bd2f-5411c4c0dfa0",
    ),
    "5.3": (
        "Creatively using digital technologies",
        "Utiliser les technologies numériques de manière créative",
        "Creatief gebruiken van digitale technologieën",
        "1a4cc54f-1e53-442b-a6d2-1682dc8ef8f9",
    ),
    "5.4": (
        "Identifying digital competence gaps",
        "Identifier les lacunes en compétences numériques",
        "Identificeren van lacunes in digitale competenties",
        "238343b1-7b51-42b3-a9ed-cf24d3a236e7",
    ),
}

# band: (English, French, Dutch, levels)
BANDS = {
    "foundation": ("Foundation", "Fondamental", "Basis", (1, 2)),
    "intermediate": ("Intermediate", "Intermédiaire", "Gemiddeld", (3, 4)),
    "advanced": ("Advanced", "Avancé", "Gevorderd", (5, 6)),
    "highly_specialised": (
        "Highly specialised",
        "Hautement spécialisé",
        "Hooggespecialiseerd",
        (7, 8),
    ),
}


def load_digcomp(apps, schema_editor):
    Framework = apps.get_model("skills", "Framework")
    CompetenceArea = apps.get_model("skills", "CompetenceArea")
    Competence = apps.get_model("skills", "Competence")
    ProficiencyLevel = apps.get_model("skills", "ProficiencyLevel")

    framework, _ = Framework.objects.get_or_create(**FRAMEWORK)
    areas = {}
    for number, (name_en, name_fr, name_nl) in AREAS.items():
        areas[number], _ = CompetenceArea.objects.update_or_create(
            framework=framework,
            number=number,
            defaults={"name_en": name_en, "name_fr": name_fr, "name_nl": name_nl},
        )
    for code, (name_en, name_fr, name_nl, uuid) in COMPETENCES.items():
        area_number, position = (int(part) for part in code.split("."))
        Competence.objects.update_or_create(
            framework=framework,
            code=code,
            defaults={
                "area": areas[area_number],
                "position": position,
                "name_en": name_en,
                "name_fr": name_fr,
                "name_nl": name_nl,
                "esco_uri": f"{ESCO_SKILL}{uuid}" if uuid else "",
            },
        )
    for band, (name_en, name_fr, name_nl, levels) in BANDS.items():
        for level in levels:
            ProficiencyLevel.objects.update_or_create(
                framework=framework,
                level=level,
                defaults={
                    "band": band,
                    "name_en": name_en,
                    "name_fr": name_fr,
                    "name_nl": name_nl,
                },
            )


def unload_digcomp(apps, schema_editor):
    in_framework = {f"framework__{key}": value for key, value in FRAMEWORK.items()}
    # Children first: every foreign key in the framework is PROTECT.
    for model_name in ("Competence", "CompetenceArea", "ProficiencyLevel"):
        apps.get_model("skills", model_name).objects.filter(**in_framework).delete()
    apps.get_model("skills", "Framework").objects.filter(**FRAMEWORK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_digcomp, unload_digcomp),
    ]
