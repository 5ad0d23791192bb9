"""SWOT-table detection: the five tables of the Noaberkracht–Oldenzaal report, and the
general shapes (pipes, <li>, 2x2, singular labels) a different report could use."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.swot_tables import (
    SwotTableRecord,
    build_swot_records,
    cell_items,
    detect_swot_tables,
    load_swot_records,
    save_swot_records,
    topic_from_caption,
)

# Copied by hand from 003_187c9113d662aac7.txt (the text under each "Sterktes Zwaktes
# Kansen Bedreigingen" header), one list per table cell, in the document's order.
EXPECTED = {
    "organisch samenwerken": {
        "sterktes": [
            "Autonomie raden gegarandeerd",
            "Duidelijkheid in structuur omdat niets verandert",
            "Gemakkelijk te beeindigen",
            "Geen administratie",
            "Flexibel",
        ],
        "zwaktes": [
            "Geen structureel effect op verminderen kwetsbaarheid",
            "Geen troef in positionering arbeidsmarkt",
            "Succes afhankelijk van kwaliteit relaties en relatiemanagement",
            "Raad en bestuur geen verankerde positie",
            "Geen afstemming op stijl",
            "Stap van te weinig betekenis",
        ],
        "kansen": [
            "Draagvlak aanwezig",
            "Collega's ervaren plezier in laagdrempelige samenwerking",
            "Met de samenwerking worden incidentele successen bereikt",
        ],
        "bedreigingen": [
            "Financieel onzekere toekomst waarvoor dit een te kleine stap is",
            "Afhankelijk van relaties",
            "Geen harmonisatie systemen",
            "Door autonomie teveel verschil",
            "Te grote complexiteit in opgaven",
            "Te kwetsbare organisaties zonder tijd om samen te werken",
        ],
    },
    "Opgavegericht samenwerken": {
        "sterktes": [
            "Open voor andere partijen om aan te haken (ook bedrijfsleven)",
            "Focus op inhoudelijke resultaten (samenleving)",
            "Formeel goed te regelen",
            "Autonomie raden gegarandeerd, zijn toezichhouder",
            "Positionering arbeidsmarkt mogelijk",
            "Vergroot kwaliteit ambtelijke advisering op gekozen thema's",
        ],
        "zwaktes": [
            "Leidt niet automatisch tot binding meer strategische capaciteit",
            "Kan losgezongen onderdeel worden naast staande organisaties",
            "Succes afhankelijk van relatiemanagement",
            "Kan verwarrend zijn naast andere samenwerkingsconstructies",
        ],
        "kansen": [
            "Samenwerking in de regio een verdere boost",
            "Nieuwe complexe opgaven direct integraal aanvliegen",
            "Gedeelde inhoudelijke visie",
        ],
        "bedreigingen": [
            "Gebrek aan focus",
            "Gebrek aan inhoudelijke visie",
            "Overlap andere taakvelden en samenwerkingsverbanden",
            "Ingrepen vanuit de rijksoverheid ten aanzien van de verbanden waarin opgaven "
            "opgepakt moeten worden",
        ],
    },
    "gezamenlijke taakuitvoering": {
        "sterktes": [
            "Duidelijkheid in structuur",
            "Vermindert kwetsbaarheid",
            "Verhoogt kwaliteit",
            "Autonomie raden gegarandeerd",
            "Mogelijkheid tot positionering arbeidsmarkt",
            "Mogelijkheid tot specialisatie",
        ],
        "zwaktes": [
            "Administratie ingewikkeld",
            "Succes afhankelijk van relatiemanagement",
            "Geen duidelijke bijdrage aan samenlevingsgericht werken",
            "Veel afstemming nodig tussen eigenaren",
            "Niet flexibel",
            "Friciekosten",  # sic: the report's spelling stays
        ],
        "kansen": ["Opvangen meerkosten", "Toetreding mogelijk"],
        "bedreigingen": [
            "Onvolledige systeemintegratie",
            "Bedrijfsvoering wordt politiek",
            "Beperkt bereid tot harmonisatie beleid",
            "Doorslaan in zoeken naar efficiency mogelijkheden",
            "Eerst een stap terug in dienstverlening",
        ],
    },
    "ambtelijke fusie": {
        "sterktes": [
            "Duidelijkheid in structuur",
            "Vermindert kwetsbaarheid",
            "Positionering arbeidsmarkt mogelijk",
            "Autonomie raden gegarandeerd",
            "Vergroot kwaliteit dienstverlening",
        ],
        "zwaktes": [
            "Veel afstemming nodig tussen eigenaren",
            "Niet flexibel (toetreden of uittreden)",
            "Succes afhankelijk van relatiemanagement",
            "Frictiekosten en kapitaalvernietiging",
        ],
        "kansen": [
            "Effectiviteit in de regio door gezamenlijk optrekken",
            "Aanpakken complexe opgaven en crises",
            "Opvangen meerkosten",
            "Opgaven die gelijk zijn of in elkaars verlengde liggen",
        ],
        "bedreigingen": [
            "Werken voor drie besturen ingewikkeld",
            "Besturen die het niet eens worden en niet bereid blijken deels te harmoniseren",
            "Kadering beschikbare capaciteit per bestuur",
            "Onderstroom qua emoties",
            "Opgaven die niet gelijk zijn of in elkaars verlengde liggen",
            "Eerst een stap terug in dienstverlening",
        ],
    },
    "combinatiemodel": {
        "sterktes": [
            "Vermindert kwetsbaarheid",
            "Positionering arbeidsmarkt mogelijk",
            "Autonomie raden gegarandeerd",
            "Vergroot kwaliteit dienstverlening",
            "Flexibel (groeipad)",
        ],
        "zwaktes": [
            "Niet direct duidelijk in structuur",
            "Succes afhankelijk van relatiemanagement",
            "Zoeken in aansturing",
            "Verschil in perspectief kan negatief van invloed zijn op de werking",
            "Toenemend effect administratie",
        ],
        "kansen": [
            "Effectiviteit in de regio",
            "Aanpakken complexe opgaven en crises",
            "Opvangen meerkosten",
            "Opgaven die gelijk zijn of in elkaars verlengde liggen",
            "Samenlevingsgericht besturen hiermee mogelijk",
        ],
        "bedreigingen": [
            "Weglekken van energie",
            "Opgaven die niet gelijk zijn of in elkaars verlengde liggen",
            "Systemen die niet geïntegreerd zijn",
            "Niet bespreken onderstroom",
            "Onduidelijk perspectief",
        ],
    },
}

QUADRANTS = ("sterktes", "zwaktes", "kansen", "bedreigingen")


def test_all_five_tables_with_every_item_in_its_quadrant(noaberkracht_text: str) -> None:
    tables = detect_swot_tables(noaberkracht_text)
    assert [t.topic for t in tables] == list(EXPECTED)
    for table in tables:
        for name in QUADRANTS:
            assert table.quadrant(name) == EXPECTED[table.topic][name], (table.topic, name)


def test_item_count_matches_the_bullets_in_the_document(noaberkracht_text: str) -> None:
    # Every "•" in this report sits in a SWOT cell: none may be lost or invented.
    tables = detect_swot_tables(noaberkracht_text)
    total = sum(len(t.quadrant(n)) for t in tables for n in QUADRANTS)
    assert total == noaberkracht_text.count("•") == 95


def test_offsets_point_at_the_header_row_and_captions_are_found(noaberkracht_text: str) -> None:
    for table in detect_swot_tables(noaberkracht_text):
        assert noaberkracht_text[table.offset :].startswith("Sterktes\tZwaktes")
        assert table.caption == f"Figuur SWOT {table.topic}"


def test_no_tables_in_documents_without_one(sources_dir: Path) -> None:
    for path in sorted(sources_dir.glob("*.txt")):
        if path.name.startswith("003_"):
            continue
        assert detect_swot_tables(path.read_text(encoding="utf-8")) == [], path.name


def test_markdown_pipe_table_with_singular_labels_in_another_order() -> None:
    text = (
        "## 3.2 Regionale uitvoeringsdienst\n\nTekst.\n\n"
        "| Kans | Bedreiging | Sterkte | Zwakte |\n"
        "|---|---|---|---|\n"
        "| Meer  inkoopkracht | Wetgeving wijzigt | Schaal | Afstand tot raad |\n"
        "| Nieuwe partners<br>Subsidie |  | Kennisdeling |  |\n"
        "\nTabel 4: SWOT-analyse van de regionale uitvoeringsdienst\n"
    )
    [table] = detect_swot_tables(text)
    assert table.topic == "regionale uitvoeringsdienst"
    assert table.kansen == ["Meer inkoopkracht", "Nieuwe partners", "Subsidie"]
    assert table.bedreigingen == ["Wetgeving wijzigt"]
    assert table.sterktes == ["Schaal", "Kennisdeling"]
    assert table.zwaktes == ["Afstand tot raad"]
    assert text[table.offset :].startswith("| Kans")


def test_li_lists_and_heading_fallback_without_caption() -> None:
    text = (
        "4. Centrumgemeente\n\nDe centrumgemeente voert taken uit.\n\n"
        "Zwaktes\tSterktes\tBedreigingen\tKansen\n"
        "<ul><li>Afhankelijk van de centrumgemeente</li><li>Minder sturing</li></ul>\t"
        "<ul><li>Eenvoudig &amp; snel</li></ul>\t<ul><li>Verschuivende prioriteiten</li></ul>\t"
        "<ul><li>Andere gemeenten sluiten aan</li></ul>\n\nVolgende alinea.\n"
    )
    [table] = detect_swot_tables(text)
    assert table.caption is None
    assert table.topic == "Centrumgemeente"
    assert table.zwaktes == ["Afhankelijk van de centrumgemeente", "Minder sturing"]
    assert table.sterktes == ["Eenvoudig & snel"]
    assert table.bedreigingen == ["Verschuivende prioriteiten"]
    assert table.kansen == ["Andere gemeenten sluiten aan"]
    # A heading function from the chunker wins over the built-in guess.
    [named] = detect_swot_tables(text, heading_at=lambda _: "4. Vormen > 4.2 Gastheermodel")
    assert named.topic == "Gastheermodel"


def test_two_by_two_layout() -> None:
    text = (
        "Sterke punten\tZwakke punten\n• Snel • Goedkoop\t• Kwetsbaar\n"
        "Kansen\tBedreigingen\n• Groei\t• Krimp • Vergrijzing\n"
        "\nFiguur 2 SWOT netwerksamenwerking\n"
    )
    [table] = detect_swot_tables(text)
    assert table.topic == "netwerksamenwerking"
    assert (table.sterktes, table.zwaktes) == (["Snel", "Goedkoop"], ["Kwetsbaar"])
    assert (table.kansen, table.bedreigingen) == (["Groei"], ["Krimp", "Vergrijzing"])


def test_incomplete_header_is_not_a_swot_table() -> None:
    text = "Sterktes\tZwaktes\n• Snel\t• Traag\n\nKansen staan in de tekst.\n"
    assert detect_swot_tables(text) == []


def test_cell_items_keep_text_and_drop_only_markup() -> None:
    cell = '<ul style="list-style-type: none"> •Eerste  punt • Tweede (met haakjes), ook 50% '
    assert cell_items(cell) == ["Eerste punt", "Tweede (met haakjes), ook 50%"]
    assert cell_items("- Noord-Oost Twente<br/>- Samen-werking") == [
        "Noord-Oost Twente",
        "Samen-werking",
    ]


def test_topic_from_caption() -> None:
    assert topic_from_caption("Figuur SWOT ambtelijke fusie") == "ambtelijke fusie"
    assert topic_from_caption("Figuur 3.1: SWOT-analyse voor de centrumgemeente") == ("centrumgemeente")
    assert topic_from_caption("Tabel 2 Sterktes, zwaktes, kansen en bedreigingen van SETA") == ("SETA")
    assert topic_from_caption("Figuur 7: SWOT") is None


def test_records_round_trip_through_json(noaberkracht_text: str, tmp_path: Path) -> None:
    records = build_swot_records(
        noaberkracht_text,
        source="003_187c9113d662aac7.txt",
        title="Verkenning Noaberkracht en Oldenzaal",
        section_at=lambda off: f"sectie@{off}",
        page_at=lambda off: off // 3000 + 1,
    )
    assert len(records) == 5
    assert records[3].section == f"sectie@{records[3].offset}"
    path = tmp_path / "swot_tables.json"
    save_swot_records(path, records)
    assert load_swot_records(path) == records
    assert SwotTableRecord.from_dict(records[0].to_dict()) == records[0]
    assert load_swot_records(tmp_path / "ontbreekt.json") == []


def test_split_ligatures_in_items_are_joined_but_spelling_is_kept() -> None:
    cell = "<ul> •Bestuurli jke drukte •Verdere professionaliser ing •Friciekosten •Te beeindigen"
    assert cell_items(cell) == [
        "Bestuurlijke drukte",
        "Verdere professionalisering",
        "Friciekosten",
        "Te beeindigen",
    ]
