"""The bundled example's gap report, done in Python: the yardstick `benches/startup.py` times
the binary against.

Does what `salvaguarda report` does for an embedded checklist, in the usual Python way: every
file of the checklist and the answers file read with tomllib and validated with jsonschema
against schemas/*.json (draft 2020-12, formats checked), the files merged and their digest
taken, the answers checked against the checklist (known ids, allowed answers), every profile
scored (selection, weights, applies_if, area and overall weighted means, floor and ceiling,
coverage, red lines, verdict bands) and a Markdown report of the same sections rendered with
Jinja2 (user text escaped for Markdown).

Usage: python3 benches/startup/pipeline.py ANSWERS.toml [LANG] > report.md
"""

import hashlib
import json
import sys
import tomllib
from pathlib import Path

import jinja2
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["sources", "areas", "tags", "verdicts", "items", "profiles", "phrase_sets",
          "indicators", "migrations"]


def validator(name):
    schema = json.loads((ROOT / "schemas" / name).read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def fail(what, errors):
    for e in errors:
        print(f"error: {what}: {e.json_path}: {e.message}", file=sys.stderr)
    sys.exit(2)


def load_checklist(cid):
    check = validator("checklist.schema.json")
    merged = {t: [] for t in TABLES}
    header, digest_input = None, []
    for path in sorted((ROOT / "checklists" / cid).glob("*.toml")):
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode())
        if "assessment" in data:
            continue
        errors = list(check.iter_errors(data))
        if errors:
            fail(path, errors)
        header = data.get("checklist", header)
        for t in TABLES:
            merged[t].extend(data.get(t, []))
        digest_input.append((path.name, raw))
    h = hashlib.sha256()
    for name, raw in sorted(digest_input):
        h.update(name.encode() + b"\0" + raw + b"\0")
    merged["header"], merged["sha256"] = header, h.hexdigest()
    return merged


def text(t, lang, default="en"):
    if not t:
        return ""
    return t.get(lang) or t.get(default) or next(iter(t.values()), "")


def selects(profile, item):
    if item["kind"] != "safeguard":
        return False
    s = profile["select"]
    added = [a["item"] for a in profile.get("red_lines", {}).get("add", [])]
    return (s.get("all") or (s.get("red_lines") and item.get("red_line"))
            or item["id"] in s.get("items", []) or item["id"] in added
            or any(t in item.get("tags", []) for t in s.get("tags", []))
            or any(c["source"] in s.get("sources", []) for c in item["cites"]))


def red_line(profile, item):
    if not selects(profile, item):
        return None
    rl = profile.get("red_lines", {})
    for a in rl.get("add", []):
        if a["item"] == item["id"]:
            return a.get("breach_on") or item.get("breach_on") or ["no"]
    if item.get("red_line") and item["id"] not in rl.get("drop", []):
        return item.get("breach_on") or ["no"]
    return None


def score(c, answers):
    items = {i["id"]: i for i in c["items"]}
    given = {k: v["answer"] for k, v in answers["answers"].items()}

    def applies(item):
        cond = item.get("applies_if")
        if not cond:
            return True
        powers = cond["item"] if isinstance(cond["item"], list) else [cond["item"]]
        allowed = cond["answer"] if isinstance(cond["answer"], list) else [cond["answer"]]
        for p in powers:
            if p in items and not applies(items[p]):
                continue
            if given.get(p, "unknown") == "unknown" or given[p] in allowed:
                return True
        return False

    outcome = {}
    for i in c["items"]:
        a, ok = given.get(i["id"]), applies(i)
        if i["kind"] == "power":
            outcome[i["id"]] = ("power_created" if ok and a in ("yes", "partial") else
                                "power_undetermined" if ok and a in (None, "unknown") else
                                "power_absent", None)
        elif not ok:
            outcome[i["id"]] = ("not_triggered", None)
        else:
            outcome[i["id"]] = {
                "yes": ("met", 1.0), "partial": ("partial", i.get("partial_credit", 0.5)),
                "no": ("gap", 0.0), "unknown": ("unverified", 0.0),
                "not_applicable": ("not_applicable", None), None: ("unanswered", 0.0),
            }[a]
    profiles = []
    for p in c["profiles"]:
        areas = {}
        breaches, unverified, gaps = [], [], []
        for i in sorted(c["items"], key=lambda i: i["id"]):
            if not selects(p, i):
                continue
            status, credit = outcome[i["id"]]
            if status in ("not_triggered",):
                continue
            w = p.get("weights", {}).get(i["id"], i.get("weight", 1.0))
            m = areas.setdefault(i["area"], {"total": 0.0, "floor": 0.0, "ceiling": 0.0,
                                             "n": 0, "gaps": 0})
            if credit is not None:
                unv = status in ("unverified", "unanswered")
                m["total"] += w
                m["floor"] += w * credit
                m["ceiling"] += w * (1.0 if unv else credit)
                m["n"] += 1
                if status != "met":
                    m["gaps"] += 1
                    gaps.append(i)
            on = red_line(p, i)
            if on:
                if {"gap": "no", "partial": "partial"}.get(status) in on:
                    breaches.append(i)
                elif status in ("unverified", "unanswered"):
                    unverified.append(i)
        total = floor = ceiling = 0.0
        area_rows = []
        for a in sorted(c["areas"], key=lambda a: a["id"]):
            m = areas.get(a["id"])
            if not m or m["total"] == 0:
                continue
            w = p.get("area_weights", {}).get(a["id"], a.get("weight", 1.0))
            total += w
            floor += w * m["floor"] / m["total"]
            ceiling += w * m["ceiling"] / m["total"]
            area_rows.append((a, round(100 * m["floor"] / m["total"], 1), m["n"], m["gaps"]))
        s = round(100 * floor / total, 1) if total else 100.0
        band = max((b for b in p["bands"] if s >= b["min"]), key=lambda b: b["min"])["verdict"]
        verdict = "incompatible" if breaches else "undetermined" if unverified else band
        profiles.append({"profile": p, "score": s, "ceiling": round(100 * ceiling / total, 1),
                         "verdict": verdict, "breaches": breaches, "gaps": gaps,
                         "areas": area_rows})
    return outcome, profiles


def md(value):
    s = str(value)
    out = []
    for ch in s:
        if ch in "\\`*_[]<>|#~":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append(" ")
        elif ch != "\r":
            out.append(ch)
    return "".join(out)


def main():
    answers_path = Path(sys.argv[1])
    answers = tomllib.loads(answers_path.read_text())
    errors = list(validator("answers.schema.json").iter_errors(answers))
    if errors:
        fail(answers_path, errors)
    c = load_checklist(answers["assessment"]["checklist"])
    items = {i["id"]: i for i in c["items"]}
    for k, v in answers.get("answers", {}).items():
        if k not in items:
            fail(answers_path, [f"unknown item {k}"])
        if v["answer"] == "not_applicable" and not items[k].get("allow_not_applicable"):
            fail(answers_path, [f"{k}: not_applicable is not allowed"])
    lang = sys.argv[2] if len(sys.argv) > 2 else answers["assessment"].get("language", "en")
    outcome, profiles = score(c, answers)
    default = c["header"]["default_profile"]
    current = next(p for p in profiles if p["profile"]["id"] == default)
    sources = {s["id"]: s for s in c["sources"]}
    verdicts = {v["id"]: v for v in c["verdicts"]}
    areas = {a["id"]: a for a in c["areas"]}
    numbers, references = {}, []

    def cite(ct):
        if ct["source"] not in numbers:
            numbers[ct["source"]] = len(numbers) + 1
            s = sources[ct["source"]]
            references.append({"number": numbers[ct["source"]],
                               "full": f"{text(s['issuer'], lang)}, {text(s['title'], lang)}"
                                       + (f", {s['symbol']}" if s.get("symbol") else "")
                                       + (f" ({s['date']})" if s.get("date") else ""),
                               "url": s.get("url"), "note": text(s.get("note"), lang)})
        s = sources[ct["source"]]
        return {"number": numbers[ct["source"]], "pin": ct.get("pin"),
                "short": text(s.get("short") or s["title"], lang)}

    def gap(i):
        a = answers["answers"].get(i["id"], {})
        status, _ = outcome[i["id"]]
        return {"id": i["id"], "question": text(i["question"], lang),
                "area": text(areas[i["area"]]["title"], lang), "severity": i.get("severity"),
                "red_line": red_line(current["profile"], i) is not None,
                "answer": a.get("answer", "unanswered"), "status": status, "note": a.get("note"),
                "evidence": a.get("evidence", []),
                "full_answer": text(i["guidance"]["yes"], lang),
                "remediation": text(i.get("remediation"), lang),
                "cites": [cite(ct) for ct in i["cites"]]}

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent),
                             undefined=jinja2.StrictUndefined, finalize=md,
                             trim_blocks=True, lstrip_blocks=True)
    view = {
        "a": answers["assessment"], "checklist": c["header"], "lang": lang,
        "title": text(c["header"]["title"], lang), "sha256": c["sha256"],
        "answers_sha256": hashlib.sha256(answers_path.read_bytes()).hexdigest(),
        "profile_title": text(current["profile"]["title"], lang), "score": current["score"],
        "verdict": text(verdicts.get(current["verdict"], {}).get("title"), lang)
        or current["verdict"],
        "breaches": [gap(i) for i in current["breaches"]],
        "profiles": [{"title": text(p["profile"]["title"], lang), "score": p["score"],
                      "verdict": text(verdicts.get(p["verdict"], {}).get("title"), lang)
                      or p["verdict"], "breaches": len(p["breaches"]), "gaps": len(p["gaps"]),
                      "current": p is current} for p in profiles],
        "areas": [{"title": text(a["title"], lang), "score": s, "applicable": n, "gaps": g}
                  for a, s, n, g in current["areas"]],
        "powers": [{"question": text(i["question"], lang),
                    "answer": answers["answers"].get(i["id"], {}).get("answer", "unanswered"),
                    "status": outcome[i["id"]][0]} for i in c["items"] if i["kind"] == "power"],
        "gaps": [gap(i) for i in sorted(current["gaps"], key=lambda i: i["id"])],
    }
    view["references"] = references
    sys.stdout.write(env.get_template("report.md.j2").render(view))


if __name__ == "__main__":
    main()
