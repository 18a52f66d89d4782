"""Search speed: indexing throughput and query latency on SQLite and PostgreSQL, with tantivy
over the same pre-analysed terms as a yardstick.

    .venv/bin/python benchmarks/search.py [--sizes 10000,100000] [--database sqlite|postgres|both]
        [--queries 200] [--passes 3] [--seed 7] [--no-tantivy] [--keep]

A synthetic catalogue of fictional Danish cases and solutions is generated from the
vocabularies below (deterministically: the first 10,000 documents of the 100,000 are the
10,000). Each database runs in a subprocess with a throwaway database — a SQLite file under
var/ or the PostgreSQL database ``spred_bench`` (``--postgres-url`` to change the server),
removed afterwards unless ``--keep`` — and the numbers are printed as a table at the end.

Latency is the wall time of ``engine.search``: the version check, matching, scoring, facet
counts for all eleven facet keys over every match, sorting, and the page's hits with snippets.
Each query runs ``--passes`` times and its best time counts, which filters out waits for a CPU
on a shared machine; the first pass and its CPU time are reported next to it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# Before spred: importing common puts the project root on sys.path.
from common import (
    ROOT,
    VAR,
    drop_database,
    load_average,
    percentiles,
    prepare_database,
    server_version,
)

from spred.search.documents import IndexedDocument

SQLITE_PATH = VAR / "bench-search.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/spred_bench"

# --------------------------------------------------------------------------------------------
# Vocabularies (written for this benchmark; municipality names from the reference data)

AREAS: dict[str, list[str]] = {
    "aeldre-og-pleje": [
        "hjemmeplejen",
        "plejecentret",
        "plejehjemmet",
        "ældreplejen",
        "hjemmehjælpen",
    ],
    "sundhed": [
        "sundhedsplejen",
        "genoptræningen",
        "sundhedscentret",
        "forebyggelsen",
        "hjemmesygeplejen",
    ],
    "hospital": [
        "hospitalet",
        "akutmodtagelsen",
        "sengeafsnittet",
        "ambulatoriet",
        "operationsgangen",
    ],
    "psykiatri": ["psykiatrien", "distriktspsykiatrien", "bostedet", "misbrugsbehandlingen"],
    "social-og-handicap": ["botilbuddet", "handicapområdet", "socialpsykiatrien", "aflastningen"],
    "boern-og-unge": ["familieafdelingen", "ungdomsklubben", "PPR", "børneområdet"],
    "dagtilbud": ["vuggestuen", "børnehaven", "dagplejen", "daginstitutionen"],
    "skole": ["folkeskolen", "skolen", "specialklassen", "SFO'en", "undervisningen"],
    "uddannelse": ["erhvervsskolen", "gymnasiet", "voksenuddannelsen", "praktikforløbet"],
    "beskaeftigelse": ["jobcentret", "virksomhedspraktikken", "ydelseskontoret", "mentorforløbet"],
    "borgerservice": [
        "borgerservice",
        "kontaktcentret",
        "pas- og kørekortkontoret",
        "telefonbetjeningen",
    ],
    "administration": [
        "lønadministrationen",
        "økonomiafdelingen",
        "HR-afdelingen",
        "sekretariatet",
        "bogholderiet",
    ],
    "teknik-og-miljoe": [
        "vejafdelingen",
        "materielgården",
        "byggesagsbehandlingen",
        "miljøtilsynet",
    ],
    "klima-og-energi": [
        "energistyringen",
        "klimatilpasningen",
        "varmeforsyningen",
        "affaldshåndteringen",
    ],
    "trafik-og-infrastruktur": [
        "trafikplanlægningen",
        "kollektiv trafik",
        "vejvedligeholdelsen",
        "cykelstierne",
    ],
    "kultur-og-fritid": ["biblioteket", "museet", "idrætshallen", "kulturhuset", "musikskolen"],
    "beredskab": ["beredskabet", "brandvæsenet", "alarmcentralen", "redningstjenesten"],
}
TECHNOLOGIES: dict[str, list[str]] = {
    "velfaerdsteknologi": [
        "velfærdsteknologi",
        "spiserobotter",
        "vasketoiletter",
        "loftlifte",
        "bevægelsessensorer",
    ],
    "telemedicin": ["telemedicin", "videokonsultationer", "hjemmemonitorering", "skærmbesøg"],
    "softwarerobotter": [
        "softwarerobotter",
        "RPA",
        "automatiserede arbejdsgange",
        "robotter til sagsbehandling",
    ],
    "kunstig-intelligens": [
        "kunstig intelligens",
        "maskinlæring",
        "en sprogmodel",
        "billedgenkendelse",
        "AI",
    ],
    "sensorer-iot": ["sensorer", "IoT", "faldsensorer", "måleudstyr", "trådløse målere"],
    "digital-selvbetjening": [
        "digital selvbetjening",
        "en selvbetjeningsløsning",
        "en app",
        "en chatbot",
    ],
    "data-og-analyse": [
        "dataanalyse",
        "et dashboard",
        "en dataplatform",
        "prognosemodeller",
        "ruteplanlægning",
    ],
    "robotter": [
        "robotter",
        "robotstøvsugere",
        "træningsrobotter",
        "medicinrobotter",
        "robotplæneklippere",
    ],
    "vr-ar": ["VR-briller", "virtual reality", "augmented reality", "AR", "simulationstræning"],
    "droner": ["droner", "droneinspektion", "luftfoto fra droner"],
    "groen-teknologi": [
        "varmepumper",
        "solceller",
        "LED-belysning",
        "regnvandsbassiner",
        "elbiler",
    ],
}
INNOVATION_TYPES = ["service", "produkt", "proces", "organisering", "kommunikation"]
STAGES = ["ide", "afproevning", "implementeret", "udbredt"]
EVIDENCE = ["ingen", "foer-efter", "kontrolgruppe", "randomiseret"]
MATURITY = ["ide", "udvikling", "afproevning", "velafproevet", "udfaset"]
GROUPS = [
    "borgerne", "de ældre", "medarbejderne", "patienterne", "eleverne", "de pårørende",
    "beboerne", "sagsbehandlerne", "de ledige", "børnene og forældrene", "lederne",
]  # fmt: skip
VERBS = [
    "afprøvede", "indførte", "udviklede", "udbredte", "evaluerede", "testede",
    "implementerede", "skalerede", "tilpassede", "købte",
]  # fmt: skip
GOALS = [
    "frigøre tid til kerneopgaven", "øge borgernes selvhjulpenhed", "mindske ventetiden",
    "forebygge indlæggelser", "reducere sygefraværet", "give en mere sammenhængende indsats",
    "spare kørsel", "styrke trivslen", "nedbringe fejl i sagsbehandlingen", "spare energi",
    "skabe tryghed om natten", "gøre det nemmere at søge om hjælp",
]  # fmt: skip
RESULTS = [
    "sparede {n} timer om ugen", "halverede ventetiden", "reducerede fejlene med {n} procent",
    "øgede tilfredsheden blandt {group}", "gav færre akutte indlæggelser",
    "frigjorde {n} årsværk", "nedbragte energiforbruget med {n} procent",
    "gav {group} mere selvbestemmelse", "kortede sagsbehandlingstiden med {n} dage",
]  # fmt: skip
LESSONS = [
    "Det var afgørende at inddrage {group} fra starten.",
    "Uddannelse af medarbejderne tog længere tid end ventet.",
    "Ledelsen skal prioritere implementeringen, ellers går det i stå.",
    "Teknologien skal passe til arbejdsgangene, ikke omvendt.",
    "En lille afprøvning først gav ro til at justere løsningen.",
    "Samarbejdet med leverandøren krævede klare aftaler om data.",
    "Gevinsterne kom først efter et halvt år.",
    "Andre kommuner kan bruge erfaringerne direkte.",
]  # fmt: skip
# Compounds give the text a realistic spread of rare words: 40 × 40 of them, inflected.
MODIFIERS = [
    "borger", "bolig", "plejehjems", "sundheds", "skole", "dag", "trafik", "energi",
    "affalds", "data", "velfærds", "social", "job", "løn", "bygge", "miljø", "klima",
    "kultur", "idræts", "biblioteks", "natur", "vej", "cykel", "hjemme", "nat", "medicin",
    "trænings", "ældre", "børne", "familie", "elev", "lærer", "patient", "sags", "service",
    "kvalitets", "trygheds", "alarm", "beboer", "personale",
]  # fmt: skip
HEADS = [
    "portal", "platform", "indsats", "forløb", "team", "tilbud", "model", "løsning", "guide",
    "værktøj", "koncept", "netværk", "samarbejde", "projekt", "pulje", "strategi", "plan",
    "tjek", "app", "robot", "sensor", "skærm", "booking", "kalender", "rapport", "måling",
    "analyse", "kursus", "vejledning", "aftale", "udvalg", "center", "hus", "rum", "stue",
    "kort", "system", "modul", "funktion", "ordning",
]  # fmt: skip
ENDINGS = ["", "", "en", "et", "er", "erne", "s"]
SUPPLIER_WORDS = ["Nord", "Fjord", "Lys", "Skov", "Bølge", "Klar", "Hav", "Eng", "Bro", "Tinde"]
SUPPLIER_TAILS = ["tech", "soft", "data", "care", "robotics", "velfærd", "digital"]


@dataclass(frozen=True)
class Municipality:
    name: str
    region: str
    slug: str


def _municipalities() -> list[Municipality]:
    path = ROOT / "spred" / "organisations" / "data" / "municipalities.csv"
    found = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            slug = row["name"].lower().replace(" ", "-")
            for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
                slug = slug.replace(danish, plain)
            found.append(Municipality(row["name"], row["region_code"], f"{slug}-kommune"))
    return found


MUNICIPALITIES = _municipalities()
EPOCH = datetime(2012, 1, 1, tzinfo=UTC)


def _compound(rnd: random.Random) -> str:
    return rnd.choice(MODIFIERS) + rnd.choice(HEADS) + rnd.choice(ENDINGS)


def _sentence(rnd: random.Random, area: str, tech: str, place: str) -> str:
    group = rnd.choice(GROUPS)
    n = rnd.randint(2, 40)
    patterns = [
        f"{place} {rnd.choice(VERBS)} {tech} i {area} for at {rnd.choice(GOALS)}.",
        f"Formålet var at {rnd.choice(GOALS)} for {group}.",
        f"Løsningen {rnd.choice(RESULTS).format(n=n, group=group)}.",
        f"{group.capitalize()} oplevede, at {tech} gjorde hverdagen nemmere.",
        f"Projektet i {area} blev fulgt af en evaluering med {n} deltagere.",
        rnd.choice(LESSONS).format(group=group),
        f"Erfaringerne med {tech} deles nu med andre kommuner og regioner.",
        f"Udfordringen var, at {group} brugte for meget tid på at vente.",
        f"Medarbejderne i {area} fik undervisning i {tech} over {n} uger.",
        f"Et {_compound(rnd)} og {_compound(rnd)} gav {group} et bedre overblik.",
        f"I {place} blev {_compound(rnd)} koblet med {_compound(rnd)} i {area}.",
    ]
    return rnd.choice(patterns)


def make_document(index: int, seed: int) -> IndexedDocument:
    rnd = random.Random(seed * 1_000_003 + index)  # noqa: S311 — reproducible, not secret
    kind = "solution" if rnd.random() < 0.15 else "case"
    area_keys = rnd.sample(list(AREAS), k=1 if rnd.random() < 0.7 else 2)
    tech_keys = rnd.sample(list(TECHNOLOGIES), k=1 if rnd.random() < 0.6 else 2)
    area = rnd.choice(AREAS[area_keys[0]])
    tech = rnd.choice(TECHNOLOGIES[tech_keys[0]])
    place = rnd.choice(MUNICIPALITIES)
    if kind == "case":
        title = rnd.choice(
            [
                f"{tech[0].upper()}{tech[1:]} i {area}",
                f"{place.name} Kommune bruger {tech} i {area}",
                f"Bedre hverdag med {tech} i {area}",
                f"{tech[0].upper()}{tech[1:]} skal {rnd.choice(GOALS)}",
            ]
        )
        organisation = place.slug
        sector = "kommune" if rnd.random() < 0.8 else "region"
    else:
        supplier = rnd.choice(SUPPLIER_WORDS) + rnd.choice(SUPPLIER_TAILS)
        title = f"{supplier}: {tech} til {area}"
        organisation = f"{supplier.lower()}-aps"
        sector = "privat"
    summary = " ".join(_sentence(rnd, area, tech, place.name) for _ in range(2))
    body = " ".join(
        _sentence(rnd, rnd.choice(AREAS[rnd.choice(area_keys)]), tech, place.name)
        for _ in range(rnd.randint(8, 16))
    )
    published = EPOCH + timedelta(minutes=rnd.randint(0, 14 * 365 * 24 * 60))
    facets: dict[str, list[str]] = {
        "area": area_keys,
        "technology": tech_keys,
        "innovation_type": [rnd.choice(INNOVATION_TYPES)],
        "sector": [sector],
        "region": [place.region],
        "organisation": [organisation],
        "year": [str(published.year)],
    }
    if kind == "case":
        facets["stage"] = [rnd.choice(STAGES)]
        facets["evidence"] = [rnd.choice(EVIDENCE)]
    else:
        facets["maturity"] = [rnd.choice(MATURITY)]
    return IndexedDocument(
        kind=kind,
        object_id=index + 1,
        title=title,
        summary=summary,
        body=body,
        facets=facets,
        published_at=published,
        url=f"/katalog/{kind}/{index + 1}/",
    )


def documents(start: int, stop: int, seed: int) -> Iterator[IndexedDocument]:
    for index in range(start, stop):
        yield make_document(index, seed)


QUERY_WORDS = [
    "borger", "robot", "teknologi", "pleje", "hjemmeplejen", "data", "sensorer", "skole",
    "telemedicin", "sagsbehandling", "ventetid", "medarbejdere", "evaluering", "energi",
    "droner", "app", "chatbot", "dashboard", "genoptræning", "biblioteket", "trivsel",
    "kommune", "region", "implementering", "leverandøren", "indlæggelser", "tryghed",
]  # fmt: skip
QUERY_SPECIAL = [
    "KOL", "RPA", "AI", "IoT", "VR", "kunstig intelligens", "maskinlæring", "velfærdsteknologi",
    "spiserobotter", "robotstøvsugere", "sundhedscentret", "vasketoiletter", "solceller",
]  # fmt: skip
MISSPELT = ["hjemmeplje", "telemedecin", "robottter", "sensore", "velfærdsteknolgi"]


def make_queries(count: int, seed: int) -> list[dict[str, Any]]:
    rnd = random.Random(seed)  # noqa: S311 — reproducible, not secret
    queries = []
    for _ in range(count):
        roll = rnd.random()
        if roll < 0.3:
            text = rnd.choice(QUERY_WORDS)
        elif roll < 0.5:
            text = " ".join(rnd.sample(QUERY_WORDS, 2))
        elif roll < 0.6:
            text = " ".join(rnd.sample(QUERY_WORDS, 3))
        elif roll < 0.72:
            text = rnd.choice(QUERY_SPECIAL)
        elif roll < 0.8:
            text = rnd.choice(MUNICIPALITIES).name
        elif roll < 0.85:
            text = rnd.choice(MISSPELT)
        else:
            text = ""
        filters: dict[str, list[str]] = {}
        if rnd.random() < 0.5 or not text:
            keys = rnd.sample(["area", "technology", "region", "year", "kind"], rnd.randint(1, 2))
            for key in keys:
                if key == "area":
                    filters[key] = rnd.sample(list(AREAS), rnd.randint(1, 2))
                elif key == "technology":
                    filters[key] = rnd.sample(list(TECHNOLOGIES), rnd.randint(1, 2))
                elif key == "region":
                    filters[key] = [rnd.choice(["1081", "1082", "1083", "1084", "1085"])]
                elif key == "year":
                    filters[key] = [str(rnd.randint(2012, 2025))]
                else:
                    filters[key] = [rnd.choice(["case", "solution"])]
        sort = rnd.choices(["relevance", "newest", "oldest", "title"], [7, 1, 1, 1])[0]
        page = rnd.choices([1, 2, 3], [8, 1, 1])[0]
        queries.append({"text": text, "filters": filters, "sort": sort, "page": page})
    return queries


# --------------------------------------------------------------------------------------------
# One database, in a subprocess


def run_database(
    database: str, sizes: list[int], queries: int, seed: int, url: str, passes: int
) -> dict:
    prepare_database(database, sqlite_path=SQLITE_PATH, postgres_url=url)
    from django.test import override_settings

    from spred.search import snapshot
    from spred.search.analysis import analyse_query
    from spred.search.backends import database_matcher
    from spred.search.engine import SearchQuery, autocomplete, search, similar
    from spred.search.index import index_documents
    from spred.search.snapshot import Snapshot

    report: dict[str, Any] = {
        "database": database,
        "sizes": {},
        "version": server_version(database),
    }
    plan = [SearchQuery(**query) for query in make_queries(queries, seed)]
    indexed = 0
    for size in sorted(sizes):
        started = time.perf_counter()
        generated = list(documents(indexed, size, seed))
        generation = time.perf_counter() - started
        started = time.perf_counter()
        index_documents(generated)
        indexing = time.perf_counter() - started
        added = size - indexed
        indexed = size
        del generated
        snapshot.forget()
        started = time.perf_counter()
        snapshot.current()
        load = time.perf_counter() - started
        for query in plan[:20]:  # warm caches (stems, words, trigrams) before measuring
            search(query)
        # Each query runs `passes` times; the best time per query filters out waits for a
        # CPU on a shared machine, the first pass shows what a single run can cost.
        runs: list[list[float]] = [[] for _ in plan]
        cpu, totals = [], []
        for number in range(passes):
            for index, query in enumerate(plan):
                started, started_cpu = time.perf_counter(), time.process_time()
                result = search(query)
                runs[index].append(time.perf_counter() - started)
                if number == 0:
                    cpu.append(time.process_time() - started_cpu)
                    totals.append(result.total)
        modes = {}
        for mode in ("database", "memory"):
            with override_settings(SPRED_SEARCH_MATCHER=mode):
                best = [float("inf")] * len(plan)
                for _number in range(passes):
                    for index, query in enumerate(plan):
                        started = time.perf_counter()
                        search(query)
                        best[index] = min(best[index], time.perf_counter() - started)
                modes[mode] = percentiles(best)
        rnd = random.Random(seed)  # noqa: S311 — reproducible, not secret
        prefixes = [
            rnd.choice(QUERY_WORDS + QUERY_SPECIAL).lower()[: rnd.randint(2, 6)]
            for _ in range(len(plan))
        ]
        prefixes += [f"{rnd.choice(QUERY_WORDS)} {rnd.choice(QUERY_WORDS)[:3]}" for _ in range(20)]
        for prefix in prefixes[:20]:
            autocomplete(prefix)
        completions = []
        for prefix in prefixes:
            started = time.perf_counter()
            autocomplete(prefix)
            completions.append(time.perf_counter() - started)
        similar_times = []
        for _ in range(100):
            started = time.perf_counter()
            similar(rnd.choice(["case", "solution"]), rnd.randint(1, size))
            similar_times.append(time.perf_counter() - started)
        current = snapshot.current()

        def indexed_term(term: str, snap: Snapshot = current) -> bool:
            return snap.document_frequency(term) > 0

        match_times = []
        for query in plan:
            narrowed = analyse_query(query.text).narrowed(indexed_term)
            if narrowed.empty:
                continue
            started = time.perf_counter()
            database_matcher().match(narrowed, current)
            match_times.append(time.perf_counter() - started)
        report["sizes"][str(size)] = {
            "indexing_docs_per_s": added / indexing,
            "indexing_s": indexing,
            "generation_s": generation,
            "snapshot_load_s": load,
            "latency": percentiles([min(times) for times in runs]),
            "latency_single_pass": percentiles([times[0] for times in runs]),
            "latency_cpu": percentiles(cpu),
            "database_matcher_latency": modes["database"],
            "memory_matcher_latency": modes["memory"],
            "database_match": percentiles(match_times),
            "autocomplete": percentiles(completions),
            "similar": percentiles(similar_times),
            "median_hits": statistics.median(totals),
            "max_hits": max(totals),
            "zero_hit_queries": sum(1 for total in totals if total == 0),
            "totals": totals,
            "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "load_average": load_average(),
        }
        print(f"  {database} {size}: done", file=sys.stderr, flush=True)
    return report


# --------------------------------------------------------------------------------------------
# tantivy over the same terms


def run_tantivy(sizes: list[int], queries: int, seed: int, passes: int) -> dict:
    import tantivy

    from spred.search.analysis import analyse_query, term_set, title_sort_key, tokens
    from spred.search.documents import FACET_KEYS

    builder = tantivy.SchemaBuilder()
    for name in ("title", "summary", "body"):
        builder.add_text_field(name, stored=False, tokenizer_name="whitespace")
    for key in FACET_KEYS:
        builder.add_text_field(key, stored=False, tokenizer_name="raw", fast=True)
    builder.add_integer_field("published", stored=False, fast=True)
    builder.add_text_field("title_key", stored=False, tokenizer_name="raw", fast=True)
    builder.add_integer_field("doc", stored=True, fast=True)
    schema = builder.build()
    directory = Path(tempfile.mkdtemp(prefix="bench-tantivy-", dir=VAR))
    index = tantivy.Index(schema, path=str(directory))
    known: set[str] = set()

    def analysed(text: str) -> str:
        terms = []
        for token in tokens(text):
            found = term_set(token.word)
            known.update(found)
            terms.extend(sorted(found))
        return " ".join(terms)

    plan = make_queries(queries, seed)
    report: dict[str, Any] = {"version": getattr(tantivy, "__version__", "0.27"), "sizes": {}}
    indexed = 0
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for size in sorted(sizes):
        generated = list(documents(indexed, size, seed))
        started = time.perf_counter()
        prepared = [
            (doc, analysed(doc.title), analysed(doc.summary), analysed(doc.body))
            for doc in generated
        ]
        analysis = time.perf_counter() - started
        started = time.perf_counter()
        for doc, title, summary, body in prepared:
            fields: dict[str, Any] = {
                "title": title,
                "summary": summary,
                "body": body,
                "published": int(doc.published_at.timestamp()),
                "title_key": title_sort_key(doc.title),
                "doc": doc.object_id,
            }
            for key, values in doc.facet_values().items():
                fields[key] = list(values)
            writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
        writer = index.writer(heap_size=256_000_000, num_threads=2)
        writing = time.perf_counter() - started
        added = size - indexed
        indexed = size
        index.reload()
        searcher = index.searcher()

        def term_query(term: str) -> Any:
            return tantivy.Query.boolean_query(
                [
                    (
                        tantivy.Occur.Should,
                        tantivy.Query.boost_query(
                            tantivy.Query.term_query(schema, name, term), weight
                        ),
                    )
                    for name, weight in (("title", 3.0), ("summary", 1.5), ("body", 1.0))
                ]
            )

        def build(text: str, filters: dict[str, list[str]], skip: str | None = None) -> Any:
            clauses = []
            narrowed = analyse_query(text).narrowed(known.__contains__)
            for group in narrowed.groups:
                alternatives = []
                for alt in group.alternatives:
                    must = [(tantivy.Occur.Must, term_query(term)) for term in alt.terms]
                    alternatives.append(
                        (
                            tantivy.Occur.Should,
                            tantivy.Query.boost_query(
                                tantivy.Query.boolean_query(must), alt.weight
                            ),
                        )
                    )
                clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(alternatives)))
            for key, values in filters.items():
                if key != skip:
                    clauses.append(
                        (tantivy.Occur.Must, tantivy.Query.term_set_query(schema, key, values))
                    )
            if not clauses:
                return tantivy.Query.all_query()
            if narrowed.empty:
                clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(clauses)

        def run(query: dict[str, Any], searcher: Any = searcher, facets: bool = True) -> int:
            main = build(query["text"], query["filters"])
            offset = (query["page"] - 1) * 20
            if query["sort"] == "relevance" and query["text"]:
                result = searcher.search(main, 20, count=True, offset=offset)
            elif query["sort"] == "title":
                result = searcher.search(
                    main, 20, count=True, offset=offset, order_by_field="title_key",
                    order=tantivy.Order.Asc,
                )  # fmt: skip
            else:
                order = tantivy.Order.Asc if query["sort"] == "oldest" else tantivy.Order.Desc
                result = searcher.search(
                    main, 20, count=True, offset=offset, order_by_field="published", order=order
                )
            if not facets:
                return int(result.count or 0)
            aggregations = {
                key: {"terms": {"field": key, "size": 200}}
                for key in FACET_KEYS
                if key not in query["filters"]
            }
            searcher.aggregate(main, aggregations)
            for key in query["filters"]:
                searcher.aggregate(
                    build(query["text"], query["filters"], skip=key),
                    {key: {"terms": {"field": key, "size": 200}}},
                )
            return int(result.count or 0)

        for query in plan[:20]:
            run(query)
        latencies, totals = [float("inf")] * len(plan), []
        for number in range(passes):
            for position, query in enumerate(plan):
                started = time.perf_counter()
                total = run(query)
                latencies[position] = min(latencies[position], time.perf_counter() - started)
                if number == 0:
                    totals.append(total)
        search_only = [float("inf")] * len(plan)
        for _number in range(passes):
            for position, query in enumerate(plan):
                started = time.perf_counter()
                run(query, facets=False)
                search_only[position] = min(search_only[position], time.perf_counter() - started)
        report["sizes"][str(size)] = {
            "totals": totals,
            "search_only": percentiles(search_only),
            "indexing_docs_per_s": added / writing,
            "analysis_docs_per_s": added / analysis,
            "latency": percentiles(latencies),
        }
        print(f"  tantivy {size}: done", file=sys.stderr, flush=True)
    shutil.rmtree(directory, ignore_errors=True)
    return report


# --------------------------------------------------------------------------------------------
# The command line


def _table(reports: list[dict], tantivy_report: dict | None) -> str:
    lines = [
        "| database | documents | indexing (docs/s) | snapshot load (s) | p50 (ms) | p95 (ms) "
        "| p95 single pass (ms) | p95 CPU (ms) | p95, always database (ms) "
        "| p95, always memory (ms) | database match alone, p95 (ms) | tantivy p95 (ms) "
        "| p95 ÷ tantivy p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for report in reports:
        for size, f in report["sizes"].items():
            tantivy = tantivy_report["sizes"][size]["latency"]["p95"] if tantivy_report else None
            ratio = f"{f['latency']['p95'] / tantivy:.1f}×" if tantivy else "–"
            lines.append(
                f"| {report['database']} {report['version'].split()[0]} | {int(size):,} "
                f"| {f['indexing_docs_per_s']:,.0f} | {f['snapshot_load_s']:.1f} "
                f"| {f['latency']['p50']:.1f} | {f['latency']['p95']:.1f} "
                f"| {f['latency_single_pass']['p95']:.1f} "
                f"| {f['latency_cpu']['p95']:.1f} | {f['database_matcher_latency']['p95']:.1f} "
                f"| {f['memory_matcher_latency']['p95']:.1f} | {f['database_match']['p95']:.1f} "
                f"| {f'{tantivy:.1f}' if tantivy else '–'} | {ratio} |"
            )
    if tantivy_report:
        for size, f in tantivy_report["sizes"].items():
            lines.append(
                f"| tantivy {tantivy_report['version']} | {int(size):,} "
                f"| {f['indexing_docs_per_s']:,.0f} (+ analysis {f['analysis_docs_per_s']:,.0f}) "
                f"| – | {f['latency']['p50']:.1f} | {f['latency']['p95']:.1f} "
                f"| – | – | – | – | – | search without facet counts: p50 "
                f"{f['search_only']['p50']:.1f}, p95 {f['search_only']['p95']:.1f} | – |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--passes", type=int, default=3, help="runs of each query (best counts)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if args.worker:
        report = run_database(
            args.worker, sizes, args.queries, args.seed, args.postgres_url, args.passes
        )
        print(json.dumps(report))
        if not args.keep:
            drop_database(args.worker, sqlite_path=SQLITE_PATH, postgres_url=args.postgres_url)
        return
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    reports = []
    for database in databases:
        print(f"{database} …", file=sys.stderr, flush=True)
        completed = subprocess.run(  # noqa: S603 — this script, with our own arguments
            [
                sys.executable,
                __file__,
                "--worker",
                database,
                "--sizes",
                args.sizes,
                "--queries",
                str(args.queries),
                "--seed",
                str(args.seed),
                "--passes",
                str(args.passes),
                "--postgres-url",
                args.postgres_url,
                *(["--keep"] if args.keep else []),
            ],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        reports.append(json.loads(completed.stdout.strip().splitlines()[-1]))
        # Kept as soon as they exist, so a later failure does not lose a long run.
        (VAR / "bench-search-results.json").write_text(json.dumps(reports), encoding="utf-8")
    tantivy_report = (
        None if args.no_tantivy else run_tantivy(sizes, args.queries, args.seed, args.passes)
    )
    print(json.dumps({"databases": reports, "tantivy": tantivy_report}))
    print()
    print(_table(reports, tantivy_report))
    for report in reports:
        for size, figures in report["sizes"].items():
            completion = figures["autocomplete"]
            line = (
                f"{report['database']} {size}: autocomplete p50 "
                f"{completion['p50']:.1f} ms, p95 {completion['p95']:.1f} "
                f"ms; similar p50 {figures['similar']['p50']:.1f} ms, p95 "
                f"{figures['similar']['p95']:.1f} ms; process peak "
                f"{figures['max_rss_mib']:,.0f} MiB; {figures['zero_hit_queries']} queries "
                "without hits"
            )
            if tantivy_report:
                theirs = tantivy_report["sizes"][size]["totals"]
                same = sum(1 for a, b in zip(figures["totals"], theirs, strict=True) if a == b)
                line += f"; same hit count as tantivy for {same} of {len(theirs)} queries"
            print(line)


if __name__ == "__main__":
    main()
