"""Generate ``adoptions.csv``: the fictional adoption ledger loaded by ``load_demo``.

Run ``python -m spred.diffusion.demo_data.generate`` (or this file) after changing a profile
below; the output is deterministic (a fixed seed and a fixed reference date, never today), so
the committed CSV and a fresh run agree byte for byte (a test checks it).

The data are invented for Spred's demonstration. The organisations are the real municipalities,
regions and ministries (reference data) and the fictional demo workplaces; the solutions are the
demo catalogue's published solutions. Who adopted what, when, and why they stopped is made up.

How the story is made:

* each solution has a *profile*: when it appeared, how far it will spread among the 98
  municipalities and how fast (the innovation and imitation coefficients of a yearly Bass
  process), which regions and state bodies use it, how often it is given up, and in what scope;
* the organisations behind the catalogue's published cases are the first adopters, in the case's
  year, with the case as source;
* later adopters are drawn with a weight that grows with size and with the number of earlier
  adopters nearby, and about half of them say whom they learned from — mostly a near or
  similar-sized earlier adopter — and what they adapted;
* each adoption gets a status history (sometimes considering first, a pilot, operation, spread to
  the whole organisation), a few are stopped with a reason, some organisations are still only
  considering, a handful are pending confirmation, and some were last confirmed more than a year
  ago.

Standard library only, so it runs without Django.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from spred.diffusion.importing.format import COLUMNS as FORMAT_COLUMNS
from spred.diffusion.importing.format import DEMO_COLUMNS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
OUTPUT = HERE / "adoptions.csv"
MUNICIPALITIES_CSV = REPO / "spred" / "organisations" / "data" / "municipalities.csv"
REGIONS_CSV = REPO / "spred" / "organisations" / "data" / "regions.csv"
CASES_JSON = REPO / "spred" / "catalogue" / "demo_data" / "cases.json"
SOLUTIONS_JSON = REPO / "spred" / "catalogue" / "demo_data" / "solutions.json"

SEED = 20261128
#: The last date any event may have: the demo's "now". Fixed so that the output is stable.
LAST_DATE = date(2026, 11, 15)
FIRST_YEAR = 2016
#: Verified adoptions are confirmed again between these dates (within the last year), except the
#: ones made unconfirmed on purpose, last confirmed before ``UNCONFIRMED_BEFORE``.
RECENT_CONFIRMATION = (date(2026, 3, 1), LAST_DATE)
UNCONFIRMED_BEFORE = date(2025, 9, 30)
UNCONFIRMED_SHARE = 0.08
PENDING_COUNT = 9
#: Share of municipalities' population used when no population is given in the reference data.
DEFAULT_POPULATION = 40_000

COLUMNS = (*FORMAT_COLUMNS, *DEMO_COLUMNS)

CONSIDERING = "overvejer"
PILOT = "afproever"
OPERATING = "i-drift"
WIDESPREAD = "udbredt"
STOPPED = "stoppet"

# --------------------------------------------------------------------------------------------
# Organisations


@dataclass(frozen=True)
class Org:
    #: How the CSV names it: a municipality code, or the organisation's exact name.
    key: str
    name: str
    kind: str  # municipality, region, state, workplace
    region_code: int
    lat: float
    lon: float
    population: int


def _municipalities() -> list[Org]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        return [
            Org(
                key=row["code"].zfill(3),
                name=row["name"],
                kind="municipality",
                region_code=int(row["region_code"]),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(row["population"] or DEFAULT_POPULATION),
            )
            for row in csv.DictReader(handle)
        ]


#: Rough centres of the regions, for "near" among regions.
REGION_CENTRES = {
    1081: (57.05, 9.92),
    1082: (56.16, 9.55),
    1083: (55.40, 9.80),
    1084: (55.72, 12.45),
    1085: (55.45, 11.80),
}


def _regions() -> list[Org]:
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [
            Org(
                key=row["name"],
                name=row["name"],
                kind="region",
                region_code=int(row["code"]),
                lat=REGION_CENTRES[int(row["code"])][0],
                lon=REGION_CENTRES[int(row["code"])][1],
                population=int(row["population"] or 1_000_000),
            )
            for row in csv.DictReader(handle)
        ]


def _state(name: str) -> Org:
    return Org(name, name, "state", 1084, 55.68, 12.58, 0)


#: The fictional public workplaces of the demo people (``spred.organisations.demo``), by exact name.
WORKPLACES = {
    "Plejecenter Egebakken": Org(
        "Plejecenter Egebakken", "Plejecenter Egebakken", "workplace", 1082, 56.15, 10.20, 85
    ),
    "Hjemmeplejen Syd": Org(
        "Hjemmeplejen Syd", "Hjemmeplejen Syd", "workplace", 1082, 56.12, 10.18, 140
    ),
    "Jobcenter Vestkysten": Org(
        "Jobcenter Vestkysten", "Jobcenter Vestkysten", "workplace", 1083, 55.47, 8.45, 60
    ),
    "Akutmodtagelsen, Regionshospital Nordøst": Org(
        "Akutmodtagelsen, Regionshospital Nordøst",
        "Akutmodtagelsen, Regionshospital Nordøst",
        "workplace",
        1081,
        57.44,
        10.53,
        210,
    ),
    "Borgerservice Nordbyen": Org(
        "Borgerservice Nordbyen", "Borgerservice Nordbyen", "workplace", 1084, 55.70, 12.55, 45
    ),
}

#: Case organisations named by slug in the catalogue's demo cases.
CASE_ORGANISATION_SLUGS = {
    "digitaliseringsministeriet": "Digitaliseringsministeriet",
    "beskaeftigelsesministeriet": "Beskæftigelsesministeriet",
    "aeldreministeriet": "Ældreministeriet",
    "ministeriet-for-samfundssikkerhed-og-beredskab": (
        "Ministeriet for Samfundssikkerhed og Beredskab"
    ),
    "jobcenter-vestkysten": "Jobcenter Vestkysten",
    "borgerservice-nordbyen": "Borgerservice Nordbyen",
}


def distance_km(a: Org, b: Org) -> float:
    """Equirectangular distance: plenty for 'near' inside Denmark."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


# --------------------------------------------------------------------------------------------
# Texts (Danish, written for Spred's demo)
#
# Each pool is keyed by a solution's family; "generic" fits any adopter, "region" is drawn for
# regions (hospitals) and ``SOLUTION_*`` pools for one solution only, so a reason never names
# something the solution does not have.

ADAPTED: dict[str, tuple[str, ...]] = {
    "generic": (
        "Vi startede ét sted i stedet for i hele organisationen på én gang.",
        "Vi genbrugte deres business case, men regnede med vores egne lønsatser.",
        "Deres tjekliste til opstart blev brugt næsten uændret; vi tilføjede et punkt om "
        "informationssikkerhed.",
        "Vi lånte deres projektleder til to workshops og byggede vores egen "
        "implementeringsplan på det.",
        "Evalueringen blev gjort enklere: vi målte kun tidsforbrug og tilfredshed.",
        "Udbudsmaterialet blev genbrugt, men vi delte indkøbet op i to etaper.",
        "Vi inddrog de faglige organisationer og arbejdsmiljørepræsentanterne tidligere, end de "
        "havde gjort.",
        "Samme opsætning, men med vores egen supportaftale og en fast superbruger på hver enhed.",
        "Vi fulgte deres plan for oplæring, men lagde den uden for sommerferien og de travleste "
        "måneder.",
        "Vi besøgte dem to gange og overtog deres introduktionsmateriale til nye medarbejdere.",
        "Arbejdsgangen blev lagt ind i vores eget fagsystem i stedet for et separat skema.",
    ),
    "region": (
        "Vi tilpassede løsningen til drift og arbejdsgange på vores hospitaler.",
        "Vi begyndte på ét hospital og tog de øvrige med et halvt år senere.",
        "Driften blev lagt i regionens fælles it-funktion i stedet for på hver afdeling.",
    ),
    "care": (
        "Ergoterapeuterne fik en fast rolle i afprøvningen hos hver borger.",
        "Vi brugte deres screeningsskema til at finde de borgere, der har mest gavn af løsningen.",
        "Visitationskriterierne blev tilpasset vores egen kvalitetsstandard.",
        "Pårørende blev inviteret til en introduktion, før løsningen blev taget i brug.",
        "Vi overtog deres materiale til borgere og pårørende og skrev det om til lettere dansk.",
    ),
    "telehealth": (
        "Forløbet blev tilpasset samarbejdet mellem hospital, kommune og almen praksis.",
        "Vi gjorde videoopkaldet til standard og beholdt telefonen som reserve.",
        "Borgerne fik udstyret leveret og sat op af vores egne medarbejdere i stedet for af "
        "leverandøren.",
        "Vi byggede en fælles vagtfunktion sammen med naboerne i stedet for en lokal.",
        "Vi lavede en kort guide med billeder til borgere, der ikke er vant til at bruge en "
        "tablet.",
    ),
    "automation": (
        "Vi genbrugte robottens procesbeskrivelse og tilpassede den til vores "
        "sagsbehandlingssystem.",
        "Kontrollen af robottens arbejde blev skærpet i de første tre måneder.",
        "Vi tog kun de to enkleste processer med i første omgang.",
        "Driften blev lagt i den fælles digitaliseringsenhed i stedet for i fagcentret.",
    ),
    "data": (
        "Modellen blev afprøvet på vores egne data, før den blev taget i brug.",
        "Vi lavede en ny konsekvensanalyse for databeskyttelse ud fra deres skabelon.",
        "Resultaterne bruges kun som støtte til fagpersonens vurdering, aldrig alene.",
        "Vi fjernede to datakilder, som vi ikke havde hjemmel til at bruge.",
    ),
    "digital": (
        "Vi genbrugte deres opsætning og ændrede kun tekster og skabeloner.",
        "Brugerne blev inddraget i test af skærmbillederne, før vi gik i drift.",
        "Vi lavede en vejledning til de medarbejdere, der hjælper borgere i gang.",
    ),
    "method": (
        "Materialet blev tilpasset vores egne målgrupper og mødeformer.",
        "Vi uddannede egne nøglepersoner i stedet for at købe ekstern undervisning.",
        "Metoden blev forenklet til tre trin, så den kunne bruges i en travl hverdag.",
        "Vi tilføjede en opfølgning efter tre måneder, som de ikke havde.",
    ),
    "library": (
        "Åbningstiderne uden personale blev udvidet gradvist, filial for filial.",
        "Lokale foreninger fik adgang til mødelokalerne i de selvbetjente timer.",
    ),
    "drones": (
        "Vi tilpassede flyveprocedurerne til vores egne instrukser og fik dem godkendt lokalt.",
        "Vi uddannede to piloter mere, så der altid er en på vagt.",
    ),
    "vr": (
        "Scenarierne blev suppleret med en fælles refleksionssamtale efter hver session.",
        "Brillerne bliver delt mellem fire enheder efter en fast plan.",
    ),
    "sensors": (
        "Vi startede med færre sensorer og satte dem op, hvor driften havde de største problemer.",
        "Data bliver delt med driftspersonalet hver morgen i stedet for i en ugentlig rapport.",
        "Data vises i vores eget overblik i stedet for i leverandørens portal.",
    ),
    "energy": (
        "Vi startede med de ti bygninger med det største forbrug.",
        "Vi koblede løsningen sammen med klimaplanen og dens mål for 2030.",
        "Driftsteknikerne fik en fast ugentlig gennemgang af afvigelserne.",
    ),
    "green": (
        "Ordningen blev først afprøvet i ét distrikt med korte ruter.",
        "Vi koblede løsningen sammen med klimaplanen og dens mål for 2030.",
    ),
    "floor-robots": (
        "Robotterne kører om natten i stedet for sidst på eftermiddagen.",
        "Vi startede i de nyeste bygninger med få dørtrin.",
    ),
    "hospital-robots": (
        "Robotternes ruter blev lagt om, så de ikke krydser patienternes gange.",
        "Vi startede med forsyninger fra lageret og tog sengetransport med senere.",
    ),
}

STOP_REASONS: dict[str, tuple[str, ...]] = {
    "generic": (
        "Løsningen passede ikke ind i vores arbejdsgange, og vi manglede ressourcer til at ændre "
        "dem. Vi vil gerne dele vores erfaringer.",
        "Afprøvningen viste ikke den forventede effekt. Evalueringen er delt i netværket.",
        "Projektet mistede sin ejer ved en omorganisering og blev ikke prioriteret igen.",
        "Vi fik ikke medarbejderne med: løsningen blev oplevet som ekstra arbejde oven i det "
        "gamle. Næste gang vil vi inddrage dem fra starten.",
        "Driftsudgiften blev højere end forventet, og gevinsten kunne ikke dække den.",
    ),
    "care": (
        "Kun få borgere kunne bruge løsningen selv; for de fleste tog hjælpen lige så lang tid "
        "som før.",
        "Borgerne var glade for løsningen, men medarbejderne oplevede ikke den forventede "
        "tidsbesparelse.",
    ),
    "bruse-og-toiletrobot": (
        "Installationen krævede ombygning af badeværelser, som der ikke var budget til.",
    ),
    "spiserobot-mundfuld": (
        "Robotten kunne kun håndtere få slags mad, og borgerne savnede måltidet sammen med "
        "personalet.",
    ),
    "sensorbaseret-nattilsyn": (
        "Sensorerne gav for mange falske alarmer i de første måneder, og nattevagterne mistede "
        "tilliden til dem.",
    ),
    "screens-generation-1": (
        "Udstyret blev udfaset af leverandøren; vi er gået over til næste generation af "
        "skærmbesøg.",
        "Den første generation krævede for meget teknisk hjælp i hjemmet. Vi skiftede til den "
        "nye version, da den kom.",
        "Skærmene kunne ikke opdateres længere, og leverandøren stoppede supporten.",
    ),
    "floor-robots": (
        "Robotterne kunne ikke komme rundt i vores ældre bygninger med dørtrin og trapper.",
        "Besparelsen på rengøring blev spist op af service og reparationer.",
    ),
    "data": (
        "Svarene var ikke præcise nok til, at vi turde bruge dem uden kontrol.",
        "Vi stoppede, fordi vi ikke kunne dokumentere et tilstrækkeligt retsgrundlag for "
        "behandlingen af data.",
    ),
    "automation": (
        "Sagsbehandlingssystemet blev udskiftet, og robotten skulle bygges om fra bunden. Det "
        "kunne ikke betale sig.",
    ),
    "sensors": (
        "Dækningen af mobilnettet var for dårlig i landområderne, så sensorerne mistede "
        "forbindelsen.",
    ),
    "energy": (
        "Bygningsautomatikken var for gammel til at tale sammen med løsningen, og en "
        "udskiftning lå ikke i budgettet.",
    ),
    "drones": ("Der var for få opgaver til, at piloterne kunne holde deres rutine ved lige.",),
}

#: Why an organisation that only considered a solution decided against it.
NOT_ADOPTED_REASONS = (
    "Vi valgte en anden løsning efter markedsdialogen.",
    "Udgiften kunne ikke findes i budgettet, og vi har lagt overvejelserne på hylden.",
    "Behovet viste sig at være mindre end antaget, da vi kortlagde det.",
)

NOTES: dict[str, tuple[str, ...]] = {
    "generic": (
        "Finansieret delvist af puljemidler i afprøvningsfasen.",
        "Evalueringen bliver lagt på Spred, når den er færdig.",
        "Henvendelser om erfaringerne går til digitaliseringsenheden.",
        "Indgår i vores strategi for digitalisering 2024–2027.",
    ),
    "municipality": (
        "Drives i samarbejde med nabokommunen.",
        "Afprøvningen omfattede først to distrikter.",
    ),
    "region": (
        "Bruges på alle regionens hospitaler.",
        "Forløbene tilbydes i samarbejde med kommunernes sundhedscentre.",
    ),
    "care": ("Ergoterapeuterne står for visitation og opfølgning.",),
    "sensors": ("Data vises på kommunens åbne klimadashboard.",),
    "energy": ("Målet er at halvere energiforbruget i de største bygninger inden 2030.",),
}

PENDING_NOTE = (
    "Registreret af regionen som led i et fælles projekt. Afventer kommunens bekræftelse."
)

# --------------------------------------------------------------------------------------------
# Profiles


@dataclass(frozen=True)
class Scope:
    unit: str  # borgere, enheder, medarbejdere, arbejdspladser
    per_inhabitant: float = 0.0
    fixed: tuple[int, int] = (0, 0)  # a range when the scope does not follow size

    def value(self, org: Org, rng: random.Random) -> int:
        if self.fixed != (0, 0):
            return rng.randint(*self.fixed)
        base = org.population if org.kind != "workplace" else org.population * 20
        return max(1, round(base * self.per_inhabitant * rng.uniform(0.6, 1.4)))


@dataclass(frozen=True)
class Profile:
    slug: str
    family: str
    launch: int
    #: The share of the 98 municipalities the solution will reach in the long run, and the
    #: yearly Bass coefficients of innovation (p) and imitation (q).
    share: float = 0.0
    p: float = 0.03
    q: float = 0.4
    regions: tuple[tuple[int, int], ...] = ()  # (region code, year)
    state: tuple[tuple[str, int], ...] = ()  # (ministry name, year)
    workplaces: tuple[tuple[str, int, str], ...] = ()  # (name, year, last status)
    stop_rate: float = 0.04
    considering: int = 2
    scope: Scope | None = None
    #: The share of adopters that go on to use it in the whole organisation.
    widespread: float = 0.35
    #: Organisations (municipality codes) forced in as adopters: (code, year).
    extra: tuple[tuple[str, int], ...] = ()


PROFILES: tuple[Profile, ...] = (
    Profile(
        "bruse-og-toiletrobot",
        "care",
        2016,
        share=0.32,
        p=0.02,
        q=0.45,
        stop_rate=0.07,
        scope=Scope("enheder", 1 / 4000),
    ),
    Profile(
        "spiserobot-mundfuld",
        "care",
        2017,
        share=0.22,
        p=0.015,
        q=0.3,
        stop_rate=0.12,
        scope=Scope("borgere", 1 / 15000),
        workplaces=(("Plejecenter Egebakken", 2026, CONSIDERING),),
    ),
    Profile(
        "medicindispenser-dosisvej",
        "care",
        2016,
        share=0.48,
        p=0.04,
        q=0.7,
        stop_rate=0.02,
        scope=Scope("borgere", 1 / 1200),
        widespread=0.55,
    ),
    Profile(
        "gps-alarm-gangsikker",
        "care",
        2016,
        share=0.4,
        p=0.04,
        q=0.55,
        scope=Scope("borgere", 1 / 2500),
        widespread=0.5,
    ),
    Profile(
        "sensorbaseret-nattilsyn",
        "care",
        2019,
        share=0.3,
        p=0.03,
        q=0.6,
        stop_rate=0.05,
        scope=Scope("enheder", 1 / 900),
        workplaces=(("Plejecenter Egebakken", 2025, PILOT),),
    ),
    Profile(
        "digital-genoptraening-spaendstig",
        "care",
        2021,
        share=0.2,
        p=0.03,
        q=0.4,
        stop_rate=0.06,
        scope=Scope("borgere", 1 / 3000),
    ),
    Profile(
        "telekol-hjemmemonitorering",
        "telehealth",
        2017,
        share=0.34,
        p=0.05,
        q=0.9,
        regions=((1081, 2017), (1082, 2018), (1083, 2018), (1084, 2019), (1085, 2019)),
        scope=Scope("borgere", 1 / 1800),
        widespread=0.5,
    ),
    Profile(
        "faelles-rpa-bibliotek",
        "automation",
        2018,
        share=0.3,
        p=0.03,
        q=0.55,
        regions=((1082, 2020), (1085, 2021)),
        state=(("Beskæftigelsesministeriet", 2022), ("Skatteministeriet", 2023)),
        scope=Scope("medarbejdere", 1 / 2000),
    ),
    Profile(
        "softwarerobot-sygedagpenge",
        "automation",
        2020,
        share=0.22,
        p=0.03,
        q=0.5,
        stop_rate=0.06,
        scope=Scope("medarbejdere", 1 / 9000),
    ),
    Profile(
        "genindlaeggelsesmodellen",
        "data",
        2023,
        regions=((1083, 2023), (1082, 2025)),
        considering=0,
        scope=Scope("borgere", 1 / 40),
    ),
    Profile(
        "postsorteren",
        "data",
        2021,
        share=0.18,
        p=0.02,
        q=0.55,
        stop_rate=0.06,
        regions=((1081, 2024),),
        scope=Scope("medarbejdere", 1 / 4000),
    ),
    Profile(
        "ai-assistent-borgerservice",
        "data",
        2024,
        share=0.1,
        p=0.04,
        q=0.5,
        stop_rate=0.15,
        considering=4,
        workplaces=(("Borgerservice Nordbyen", 2026, CONSIDERING),),
        widespread=0.0,
    ),
    Profile(
        "samskabelseskompasset",
        "method",
        2018,
        share=0.12,
        p=0.02,
        q=0.3,
        widespread=0.15,
        considering=1,
    ),
    Profile(
        "hverdagsliv-foerst",
        "method",
        2016,
        share=0.34,
        p=0.05,
        q=0.45,
        scope=Scope("borgere", 1 / 400),
        widespread=0.6,
    ),
    Profile(
        "energistyring-varmeflux",
        "energy",
        2018,
        share=0.25,
        p=0.02,
        q=0.55,
        regions=((1082, 2021), (1083, 2022)),
        state=(("Klima-, Energi- og Forsyningsministeriet", 2023),),
        scope=Scope("arbejdspladser", 1 / 1500),
    ),
    Profile(
        "droneinspektion-bygninger-broer",
        "drones",
        2021,
        share=0.08,
        p=0.03,
        q=0.3,
        stop_rate=0.1,
        considering=2,
        widespread=0.0,
    ),
    Profile(
        "termisk-drone-beredskab",
        "drones",
        2019,
        share=0.14,
        p=0.02,
        q=0.4,
        scope=Scope("enheder", fixed=(1, 3)),
        widespread=0.2,
    ),
    Profile(
        "vr-demensforstaaelse",
        "vr",
        2020,
        share=0.2,
        p=0.03,
        q=0.55,
        scope=Scope("medarbejdere", 1 / 600),
    ),
    Profile(
        "vr-eksponering-angst",
        "vr",
        2022,
        regions=((1084, 2022), (1081, 2025), (1082, 2026)),
        considering=0,
        scope=Scope("borgere", 1 / 20000),
    ),
    Profile(
        "fyldningssensorer-affald",
        "sensors",
        2017,
        share=0.22,
        p=0.02,
        q=0.45,
        stop_rate=0.04,
        scope=Scope("enheder", 1 / 150),
    ),
    Profile(
        "groen-boelge-cyklister",
        "sensors",
        2024,
        considering=2,
        widespread=0.0,
    ),
    Profile(
        "digital-pladsanvisning",
        "digital",
        2019,
        share=0.25,
        p=0.02,
        q=0.5,
        scope=Scope("borgere", 1 / 60),
        widespread=0.6,
    ),
    Profile(
        "trivselsoverblik",
        "digital",
        2023,
        considering=3,
        widespread=0.0,
        scope=Scope("borgere", 1 / 12),
    ),
    Profile(
        "digital-cv-samtale",
        "data",
        2024,
        considering=1,
        widespread=0.0,
    ),
    Profile(
        "videotolkning-ordbro",
        "telehealth",
        2018,
        share=0.22,
        p=0.02,
        q=0.5,
        regions=((1082, 2018), (1084, 2019), (1083, 2020), (1085, 2020), (1081, 2021)),
        workplaces=(("Borgerservice Nordbyen", 2022, OPERATING),),
    ),
    Profile(
        "paaroerendesamtalen",
        "method",
        2020,
        share=0.12,
        p=0.02,
        q=0.4,
        regions=((1085, 2020), (1083, 2022), (1081, 2024)),
    ),
    Profile(
        "cykelservice-hjemmeplejen",
        "green",
        2021,
        extra=(("190", 2023),),
        considering=2,
        scope=Scope("enheder", fixed=(20, 140)),
    ),
    Profile(
        "skaermbesoeg-generation-1",
        "telehealth",
        2016,
        share=0.22,
        p=0.04,
        q=0.55,
        stop_rate=0.0,  # the generation is retired: its stops are written separately
        considering=0,
        scope=Scope("borgere", 1 / 3000),
        widespread=0.2,
    ),
    Profile(
        "skaermbesoeg-hjemmeplejen",
        "telehealth",
        2020,
        share=0.32,
        p=0.04,
        q=0.7,
        scope=Scope("borgere", 1 / 2000),
    ),
    Profile(
        "tale-til-tekst-dokumentation",
        "data",
        2025,
        extra=(("219", 2026),),
        workplaces=(("Hjemmeplejen Syd", 2025, PILOT),),
        considering=4,
        widespread=0.0,
    ),
    Profile(
        "aabent-bibliotek",
        "library",
        2016,
        share=0.54,
        p=0.06,
        q=0.75,
        stop_rate=0.02,
        scope=Scope("arbejdspladser", 1 / 12000),
        widespread=0.55,
    ),
    Profile(
        "klimasensorer-vand",
        "sensors",
        2023,
        extra=(("169", 2025),),
        considering=3,
        widespread=0.0,
        scope=Scope("enheder", fixed=(8, 60)),
    ),
    Profile(
        "elbiler-ladeplanlaegning",
        "energy",
        2020,
        share=0.2,
        p=0.03,
        q=0.55,
        regions=((1084, 2023),),
        scope=Scope("enheder", 1 / 1200),
    ),
    Profile(
        "gulvvaskerobotter",
        "floor-robots",
        2019,
        share=0.2,
        p=0.03,
        q=0.45,
        stop_rate=0.16,
        regions=((1085, 2022),),
        scope=Scope("enheder", 1 / 5000),
    ),
    Profile(
        "transportrobotter-hospital",
        "hospital-robots",
        2018,
        regions=((1082, 2018), (1083, 2022), (1081, 2024)),
        workplaces=(("Akutmodtagelsen, Regionshospital Nordøst", 2024, OPERATING),),
        considering=0,
        scope=Scope("enheder", fixed=(4, 30)),
    ),
    Profile(
        "ar-vejledning-uddannelse",
        "vr",
        2022,
        considering=2,
        widespread=0.0,
    ),
    Profile(
        "delebilsplatform",
        "green",
        2025,
        considering=1,
        widespread=0.0,
    ),
    Profile(
        "tidlig-opsporing-triage",
        "method",
        2017,
        share=0.36,
        p=0.04,
        q=0.6,
        scope=Scope("borgere", 1 / 600),
        widespread=0.5,
    ),
    Profile(
        "tidlig-tale",
        "method",
        2018,
        share=0.25,
        p=0.03,
        q=0.45,
        scope=Scope("borgere", 1 / 250),
    ),
    Profile(
        "klar-tale-breve",
        "method",
        2016,
        share=0.24,
        p=0.04,
        q=0.35,
        state=(
            ("Beskæftigelsesministeriet", 2019),
            ("Skatteministeriet", 2020),
            ("Social- og Boligministeriet", 2021),
            ("Digitaliseringsministeriet", 2022),
        ),
        widespread=0.4,
    ),
    Profile(
        "virtuelt-ambulatorium",
        "telehealth",
        2019,
        regions=((1083, 2019), (1085, 2020), (1082, 2021), (1084, 2021), (1081, 2022)),
        extra=(("825", 2022),),
        scope=Scope("borgere", 1 / 900),
        considering=1,
    ),
)

# --------------------------------------------------------------------------------------------
# Building the ledger


@dataclass
class Event:
    status: str
    day: date
    reason: str = ""


@dataclass
class Record:
    org: Org
    solution: str
    events: list[Event]
    family: str
    source_case: str = ""
    learned_from: list[Org] = field(default_factory=list)
    adapted: str = ""
    scope_value: int | None = None
    scope_unit: str = ""
    note: str = ""
    verified: bool = True
    confirmed_on: date | None = None

    @property
    def adopted_on(self) -> date | None:
        adopted = [e.day for e in self.events if e.status in (PILOT, OPERATING, WIDESPREAD)]
        return min(adopted) if adopted else None


def _day_in(rng: random.Random, year: int, *, not_before: date | None = None) -> date:
    start = date(year, 1, 2)
    end = min(date(year, 12, 20), LAST_DATE)
    if not_before is not None and not_before > start:
        start = not_before
    if start >= end:
        return end
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _later(rng: random.Random, day: date, low_months: int, high_months: int) -> date:
    return day + timedelta(days=rng.randint(low_months * 30, high_months * 30))


def _pick(rng: random.Random, keys: Sequence[str], pools: dict[str, tuple[str, ...]]) -> str:
    """A text from the most specific pool that has one (``keys`` from specific to general),
    now and then from the generic pool instead."""
    for key in keys:
        own = pools.get(key, ())
        if own and rng.random() < 0.7:
            return rng.choice(own)
    return rng.choice(pools["generic"])


def _keys(profile: Profile, org: Org) -> tuple[str, ...]:
    kind = "region" if org.kind == "region" else org.kind
    return (profile.slug, kind, profile.family)


def _history(rng: random.Random, profile: Profile, adopted: date, final: str | None) -> list[Event]:
    """A status history that reaches an adopted status on ``adopted``. ``final`` forces the
    last status (for the fixed workplace stories)."""
    events: list[Event] = []
    if rng.random() < 0.35:
        considered = adopted - timedelta(days=rng.randint(60, 270))
        if considered >= date(FIRST_YEAR, 1, 2):
            events.append(Event(CONSIDERING, considered))
    mature_start = rng.random() < 0.3 and final != PILOT
    events.append(Event(OPERATING if mature_start else PILOT, adopted))
    if final in (PILOT, OPERATING, CONSIDERING):
        if final == OPERATING and not mature_start:
            day = _later(rng, adopted, 4, 10)
            if day <= LAST_DATE:
                events.append(Event(OPERATING, day))
        return events
    if not mature_start:
        day = _later(rng, adopted, 4, 16)
        if day <= LAST_DATE and rng.random() < 0.85:
            events.append(Event(OPERATING, day))
    if events[-1].status == OPERATING and rng.random() < profile.widespread:
        day = _later(rng, events[-1].day, 10, 36)
        if day <= LAST_DATE:
            events.append(Event(WIDESPREAD, day))
    return events


def _maybe_stop(rng: random.Random, profile: Profile, record: Record, rate: float) -> None:
    if rng.random() >= rate:
        return
    day = _later(rng, record.events[-1].day, 5, 30)
    if day > LAST_DATE:
        return
    record.events.append(Event(STOPPED, day, _pick(rng, _keys(profile, record.org), STOP_REASONS)))


def _bass_counts(profile: Profile, years: Sequence[int], rng: random.Random) -> dict[int, int]:
    """New municipal adopters per year from a yearly Bass process, rounded at random."""
    potential = round(profile.share * 98)
    counts: dict[int, int] = {}
    cumulative = 0.0
    for year in years:
        expected = (profile.p + profile.q * cumulative / max(potential, 1)) * (
            potential - cumulative
        )
        if year == LAST_DATE.year:
            expected *= (LAST_DATE.timetuple().tm_yday) / 365
        n = max(0, math.floor(expected + rng.random()))
        n = min(n, potential - round(cumulative))
        counts[year] = n
        cumulative += n
    return counts


class Ledger:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
        self.municipalities = _municipalities()
        self.by_code = {m.key: m for m in self.municipalities}
        self.regions = {r.region_code: r for r in _regions()}
        self.records: list[Record] = []
        self.cases = self._cases()

    @staticmethod
    def _cases() -> dict[str, list[tuple[str, str, int]]]:
        """Published demo cases by solution: (case slug, organisation as in the file, year)."""
        document = json.loads(CASES_JSON.read_text(encoding="utf-8"))
        items = document.get("cases", []) if isinstance(document, dict) else document
        found: dict[str, list[tuple[str, str, int]]] = {}
        for item in items:
            if item.get("demo_status") or not item.get("year"):
                continue  # drafts and cases under review are not public
            for solution in item.get("solutions") or []:
                found.setdefault(solution, []).append(
                    (item["slug"], str(item["organisation"]), int(item["year"]))
                )
        return found

    def _case_org(self, organisation: str) -> Org | None:
        if organisation in self.by_code:
            return self.by_code[organisation]
        if organisation.isdigit() and int(organisation) in self.regions:
            return self.regions[int(organisation)]
        name = CASE_ORGANISATION_SLUGS.get(organisation)
        if name is None:
            return None  # a company or a knowledge institution: not an adopter
        return WORKPLACES.get(name) or _state(name)

    # -- adopters ---------------------------------------------------------------------------

    def _weight(self, org: Org, adopters: Sequence[Record]) -> float:
        size = (org.population / 50_000) ** 0.35
        near = sum(1 for r in adopters if r.adopted_on is not None and distance_km(org, r.org) < 35)
        return size * (1 + 0.9 * near)

    def _choose(self, candidates: list[Org], adopters: Sequence[Record]) -> Org:
        weights = [self._weight(c, adopters) for c in candidates]
        return self.rng.choices(candidates, weights=weights, k=1)[0]

    def _teachers(self, org: Org, day: date, adopters: Sequence[Record]) -> list[Org]:
        earlier = [
            r for r in adopters if r.adopted_on is not None and r.adopted_on < day and r.org != org
        ]
        if not earlier:
            return []
        rng = self.rng
        if rng.random() < 0.6:
            by_distance = sorted(earlier, key=lambda r: distance_km(org, r.org))
            first = by_distance[min(len(by_distance) - 1, rng.randrange(2))].org
        else:
            by_size = sorted(
                earlier,
                key=lambda r: abs(math.log(r.org.population + 1) - math.log(org.population + 1)),
            )
            first = by_size[min(len(by_size) - 1, rng.randrange(2))].org
        teachers = [first]
        if len(earlier) > 2 and rng.random() < 0.15:
            second = rng.choice(earlier).org
            if second != first:
                teachers.append(second)
        return teachers

    def _record(
        self,
        profile: Profile,
        org: Org,
        adopted: date,
        adopters: list[Record],
        *,
        source_case: str = "",
        final: str | None = None,
        learn: float = 0.5,
    ) -> Record:
        rng = self.rng
        record = Record(
            org=org,
            solution=profile.slug,
            events=_history(rng, profile, adopted, final),
            family=profile.family,
            source_case=source_case,
        )
        if final is None:
            _maybe_stop(rng, profile, record, profile.stop_rate)
        if not source_case and adopters and rng.random() < learn:
            record.learned_from = self._teachers(org, adopted, adopters)
            if record.learned_from:
                record.adapted = _pick(rng, _keys(profile, org), ADAPTED)
        if profile.scope is not None and rng.random() < 0.8:
            record.scope_value = profile.scope.value(org, rng)
            record.scope_unit = profile.scope.unit
        if rng.random() < 0.14:
            record.note = _pick(rng, _keys(profile, org), NOTES)
        adopters.append(record)
        return record

    def solution(self, profile: Profile) -> list[Record]:
        rng = self.rng
        adopters: list[Record] = []
        taken: set[str] = set()
        years = list(range(max(profile.launch, FIRST_YEAR), LAST_DATE.year + 1))
        # The case organisations come first, in their case's year.
        seeds: dict[int, list[tuple[Org, str]]] = {}
        for slug, organisation, year in self.cases.get(profile.slug, []):
            org = self._case_org(organisation)
            if org is not None and org.key not in taken:
                taken.add(org.key)
                seeds.setdefault(max(year, FIRST_YEAR), []).append((org, slug))
        for code, year in profile.extra:
            org = self.by_code[code]
            if org.key not in taken:
                taken.add(org.key)
                seeds.setdefault(year, []).append((org, ""))
        counts = _bass_counts(profile, years, rng) if profile.share else {}
        for year in sorted(set(years) | set(seeds)):
            # The year's case organisations come first; the others follow them.
            followers_from: date | None = None
            for org, case in seeds.get(year, []):
                final = PILOT if year >= 2025 else None
                day = _day_in(rng, year)
                day = min(day, date(year, 6, 30), LAST_DATE)
                self._record(profile, org, day, adopters, source_case=case, final=final)
                followers_from = max(followers_from or day, day + timedelta(days=20))
            municipal_seeds = sum(
                1 for org, _c in seeds.get(year, []) if org.kind == "municipality"
            )
            for _n in range(max(0, counts.get(year, 0) - municipal_seeds)):
                candidates = [m for m in self.municipalities if m.key not in taken]
                if not candidates:
                    break
                org = self._choose(candidates, adopters)
                taken.add(org.key)
                day = _day_in(rng, year, not_before=followers_from)
                self._record(profile, org, day, adopters)
            for region_code, region_year in profile.regions:
                region = self.regions[region_code]
                if region_year == year and region.key not in taken:
                    taken.add(region.key)
                    self._record(profile, region, _day_in(rng, year), adopters, learn=0.6)
            for name, state_year in profile.state:
                if state_year == year and name not in taken:
                    taken.add(name)
                    self._record(profile, _state(name), _day_in(rng, year), adopters, learn=0.7)
            for name, wp_year, final in profile.workplaces:
                if wp_year == year and name not in taken:
                    taken.add(name)
                    org = WORKPLACES[name]
                    if final == CONSIDERING:
                        day = _day_in(rng, year)
                        adopters.append(
                            Record(org, profile.slug, [Event(CONSIDERING, day)], profile.family)
                        )
                    else:
                        self._record(profile, org, _day_in(rng, year), adopters, final=final)
        self._considering(profile, adopters, taken)
        return adopters

    def _considering(self, profile: Profile, adopters: list[Record], taken: set[str]) -> None:
        """Some municipalities are only considering it now; about one in seven of those
        who considered it decided against it."""
        rng = self.rng
        candidates = [m for m in self.municipalities if m.key not in taken]
        for org in rng.sample(candidates, min(profile.considering, len(candidates))):
            taken.add(org.key)
            if rng.random() < 0.15:
                day = _day_in(rng, max(profile.launch, LAST_DATE.year - 2))
                stop = _later(rng, day, 3, 9)
                events = [Event(CONSIDERING, day)]
                if stop <= LAST_DATE:
                    events.append(Event(STOPPED, stop, rng.choice(NOT_ADOPTED_REASONS)))
            else:
                events = [Event(CONSIDERING, _day_in(rng, LAST_DATE.year))]
            adopters.append(Record(org, profile.slug, events, profile.family))

    def retire_first_generation(self) -> None:
        """The first generation of screen visits was retired: most of its users stopped, and
        many moved on to the next generation."""
        rng = self.rng
        for record in self.records:
            if record.solution != "skaermbesoeg-generation-1" or record.adopted_on is None:
                continue
            if record.events[-1].status == STOPPED or rng.random() < 0.15:
                continue
            day = max(_day_in(rng, rng.choice((2021, 2022, 2023, 2024))), record.events[-1].day)
            day = day + timedelta(days=30)
            if day <= LAST_DATE:
                reason = rng.choice(STOP_REASONS["screens-generation-1"])
                record.events.append(Event(STOPPED, day, reason))

    # -- verification -----------------------------------------------------------------------

    def confirmations(self) -> None:
        rng = self.rng
        recent = [
            r
            for r in self.records
            if r.events[0].day >= date(2025, 6, 1)
            and r.org.kind == "municipality"
            and not r.learned_from
            and not r.source_case
        ]
        pending = {id(r) for r in rng.sample(recent, min(PENDING_COUNT, len(recent)))}
        for record in self.records:
            last = record.events[-1].day
            if id(record) in pending:
                # Recorded by the region in a joint project (the loader names the region as
                # the recorder); the municipality has not confirmed it yet.
                record.verified = False
                record.confirmed_on = None
                record.note = PENDING_NOTE
                continue
            if last < UNCONFIRMED_BEFORE - timedelta(days=60) and rng.random() < UNCONFIRMED_SHARE:
                low = max(last, date(2023, 1, 1))
                span = (UNCONFIRMED_BEFORE - low).days
                record.confirmed_on = low + timedelta(days=rng.randrange(max(span, 1)))
            else:
                low = max(last, RECONFIRM_LOW)
                span = (RECENT_CONFIRMATION[1] - low).days
                record.confirmed_on = low + timedelta(days=rng.randrange(span + 1))

    def build(self) -> list[Record]:
        for profile in PROFILES:
            self.records.extend(self.solution(profile))
        self.retire_first_generation()
        self.confirmations()
        return self.records


RECONFIRM_LOW = RECENT_CONFIRMATION[0]


def _fix_dates(record: Record) -> None:
    """Events strictly in date order, none after the demo's 'now'."""
    previous: date | None = None
    for event in record.events:
        if previous is not None and event.day <= previous:
            event.day = previous + timedelta(days=1)
        previous = event.day
    record.events = [e for e in record.events if e.day <= LAST_DATE] or record.events[:1]


def rows(records: Sequence[Record]) -> list[dict[str, str]]:
    """One row per status event; the adoption's own fields stand on its first row."""
    out: list[dict[str, str]] = []
    for record in sorted(records, key=lambda r: (r.solution, r.events[0].day, r.org.key)):
        _fix_dates(record)
        for i, event in enumerate(record.events):
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                organisation=record.org.key,
                solution=record.solution,
                status=event.status,
                date=event.day.isoformat(),
                reason=event.reason,
            )
            if i == 0:
                row.update(
                    scope_value="" if record.scope_value is None else str(record.scope_value),
                    scope_unit=record.scope_unit,
                    source_case=record.source_case,
                    learned_from=";".join(o.key for o in record.learned_from),
                    adapted=record.adapted,
                    note=record.note,
                    verified="ja" if record.verified else "nej",
                    confirmed_on=record.confirmed_on.isoformat() if record.confirmed_on else "",
                )
            out.append(row)
    return out


def render() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(Ledger().build()))
    return buffer.getvalue()


def main(argv: Sequence[str] = ()) -> int:
    text = render()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run this script.", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"Wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
