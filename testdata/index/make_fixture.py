#!/usr/bin/env python3
"""Regenerate the index test fixture from the real 2020 SC speeches.

Run from the repo root:  python3 testdata/index/make_fixture.py ../shared
Writes testdata/index/speeches.jsonl (unpv.Speech records, real text) and
testdata/index/stances.jsonl (SYNTHETIC stance labels: a keyword rule, not a
classifier; test fixtures only). See PROVENANCE.md.
"""
import json, re, sys, datetime

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
src = shared + "/corpora/unsc-2020-speeches/speeches_2020.jsonl"
keep = {"S/PV.8698", "S/PV.8699 (Resumption 2)", "S/PV.8714", "S/PV.8728", "S/PV.8754"}

codes = {
    "Russian Federation": "RUS", "Ukraine": "UKR", "China": "CHN", "France": "FRA",
    "United Kingdom": "GBR", "United States of America": "USA", "Germany": "DEU",
    "Belgium": "BEL", "Estonia": "EST", "Dominican Republic": "DOM", "Indonesia": "IDN",
    "Niger": "NER", "Saint Vincent and the Grenadines": "VCT", "South Africa": "ZAF",
    "Tunisia": "TUN", "Viet Nam": "VNM", "Central African Republic": "CAF",
    "Guinea-Bissau": "GNB", "Albania": "ALB", "Slovakia": "SVK", "Azerbaijan": "AZE",
    "Armenia": "ARM", "Georgia": "GEO", "Republic of Moldova": "MDA", "Cuba": "CUB",
    "Syrian Arab Republic": "SYR", "Iran (Islamic Republic of)": "IRN", "Japan": "JPN",
    "Turkey": "TUR", "Brazil": "BRA", "India": "IND", "Pakistan": "PAK", "Mexico": "MEX",
    "Egypt": "EGY", "Portugal": "PRT", "Angola": "AGO", "Kazakhstan": "KAZ",
    "Venezuela (Bolivarian Republic of)": "VEN", "Nicaragua": "NIC", "Argentina": "ARG",
    "Italy": "ITA", "Poland": "POL", "Spain": "ESP", "Netherlands": "NLD", "Norway": "NOR",
    "Canada": "CAN", "Australia": "AUS", "Liechtenstein": "LIE", "Costa Rica": "CRI",
    "Colombia": "COL", "Peru": "PER", "Chile": "CHL", "Uruguay": "URY", "Ecuador": "ECU",
    "Guatemala": "GTM", "Morocco": "MAR", "Algeria": "DZA", "Kenya": "KEN", "Nigeria": "NGA",
    "Ghana": "GHA", "Senegal": "SEN", "Rwanda": "RWA", "Ethiopia": "ETH", "Qatar": "QAT",
    "Kuwait": "KWT", "Singapore": "SGP", "Malaysia": "MYS", "Philippines": "PHL",
    "Thailand": "THA", "Bangladesh": "BGD", "Sri Lanka": "LKA", "Israel": "ISR",
    "Lebanon": "LBN", "Jordan": "JOR", "Saudi Arabia": "SAU", "United Arab Emirates": "ARE",
    "Maldives": "MDV", "Switzerland": "CHE", "Austria": "AUT", "Ireland": "IRL",
    "Sweden": "SWE", "Finland": "FIN", "Denmark": "DNK", "Greece": "GRC", "Cyprus": "CYP",
    "Hungary": "HUN", "Romania": "ROU", "Bulgaria": "BGR", "Serbia": "SRB", "Croatia": "HRV",
    "Slovenia": "SVN", "Lithuania": "LTU", "Latvia": "LVA", "Belarus": "BLR",
    "Kyrgyzstan": "KGZ", "Tajikistan": "TJK", "Uzbekistan": "UZB", "Mongolia": "MNG",
    "Holy See": "VAT", "State of Palestine": "PSE", "European Union": "EU",
    "African Union": "AU", "Sudan": "SDN", "Chad": "TCD", "Cameroon": "CMR", "Gabon": "GAB",
    "Equatorial Guinea": "GNQ", "Cote d'Ivoire": "CIV", "Mali": "MLI", "Burkina Faso": "BFA",
    "Democratic Republic of the Congo": "COD", "Congo": "COG", "Namibia": "NAM",
    "Botswana": "BWA", "Zimbabwe": "ZWE", "Mozambique": "MOZ", "Cabo Verde": "CPV",
    "Timor-Leste": "TLS", "Brunei Darussalam": "BRN", "Liberia": "LBR", "Sierra Leone": "SLE",
    "Montenegro": "MNE", "Djibouti": "DJI", "Plurinational State of Bolivia": "BOL",
    "Lao People's Democratic Republic": "LAO", "Malta": "MLT", "Bahrain": "BHR",
    "Eritrea": "ERI", "Nepal": "NPL", "Palestine": "PSE", "Barbados": "BRB",
    "Gambia": "GMB", "Togo": "TGO", "Benin": "BEN", "Guinea": "GIN", "Mauritania": "MRT",
}
orgs = [
    ("AU", r"African Union"), ("EU", r"European Union"),
    ("OSCE", r"Organization for Security and Co-?operation in Europe|\bOSCE\b"),
    ("ECOWAS", r"Economic Community of West African States|\bECOWAS\b"),
    ("CSTO", r"Collective Security Treaty Organization|\bCSTO\b"),
    ("CIS", r"Commonwealth of Independent States"), ("ASEAN", r"\bASEAN\b"),
    ("SCO", r"Shanghai Cooperation Organization"), ("LAS", r"League of Arab States"),
    ("ECCAS", r"Economic Community of Central African States|\bECCAS\b"),
]
label_re = re.compile(r"^(?P<name>.*?)(?: \((?P<del>[^()]*(?:\([^()]*\))?[^()]*)\))?(?: \(spoke in (?P<lang>\w+)\))?$")

def iso(d):
    return datetime.datetime.strptime(d, "%d %B %Y").strftime("%Y-%m-%d")

speeches, stances = [], []
for line in open(src, encoding="utf-8"):
    r = json.loads(line)
    if r["symbol"] not in keep:
        continue
    label = r["speaker_label_heuristic"]
    text = r["text"]
    if text.startswith(label + ":"):
        text = text[len(label) + 1:].strip()
    m = label_re.match(label)
    name, dele, lang = m.group("name"), m.group("del") or "", m.group("lang") or ""
    if dele.startswith("spoke in "):
        lang, dele = dele[len("spoke in "):], ""
    if "spoke " in dele:  # OCR column-order noise in the label; keep the label, drop the guess
        dele = ""
    if name == "The President":
        role = "president"
    elif dele in ("African Union", "European Union"):
        role = "organisation"
    elif dele:
        role = "member"
    elif "Secretary-General" in name:
        role = "secretariat"
    else:
        role = "briefer"
    code = codes.get(dele, "")
    if dele and not code:
        print("no code for", repr(dele), file=sys.stderr)
    base = r["symbol"].split(" (")[0]
    sid = "%s#%d" % (r["symbol"], r["speech_no"])
    speeches.append({
        "id": sid, "symbol": r["symbol"], "body": "SC", "meeting": base,
        "resumption": r["resumption"], "date": iso(r["date"]), "seq": r["speech_no"],
        "speaker": label, "speaker_name": name, "delegation": dele, "delegation_code": code,
        "role": role, "language": lang or "English",
        "text": text, "agenda": r["topic"],
    })
    # SYNTHETIC stance labels for tests: one per sentence mentioning an organisation.
    for n, sent in enumerate(re.split(r"(?<=[.!?])\s+", text), 1):
        for target, pat in orgs:
            if not re.search(pat, sent):
                continue
            low = sent.lower()
            if re.search(r"\b(reject|oppose|undermin|regret|selective|double standard)", low):
                lab = "counter"
            elif re.search(r"\b(welcome|commend|support|partnership|cooperation|efforts|role)", low):
                lab = "recognition"
            else:
                lab = "neutral"
            stances.append({"speech_id": sid, "sentence_id": "%s.%d" % (sid, n), "target": target,
                            "label": lab, "confidence": 0.5, "model": "synthetic-test-fixture"})

with open("testdata/index/speeches.jsonl", "w", encoding="utf-8") as f:
    for s in speeches:
        f.write(json.dumps(s, ensure_ascii=False) + "\n")
with open("testdata/index/stances.jsonl", "w", encoding="utf-8") as f:
    for s in stances:
        f.write(json.dumps(s, ensure_ascii=False) + "\n")
print(len(speeches), "speeches,", len(stances), "synthetic stances", file=sys.stderr)
