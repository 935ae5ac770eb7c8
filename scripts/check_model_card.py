#!/usr/bin/env python3
"""Checks the model card files Loupe wrote against the results they came from.

    python3 scripts/check_model_card.py CARD_DIR RESULTS.json [--card card.json] [--schema SCHEMA]

- README.md parses with huggingface_hub's ModelCard and metadata_load, and its model-index with
  the Hub's parser (model_index_to_eval_results); every metric value equals results.json's, the
  whole data's and each slice's (the slice named by the dataset config `col=value,...`).
- model_card.json validates against MCT's v0.0.2 JSON Schema (jsonschema, draft 7), and its
  performance metrics equal results.json's.
- With --card (plain JSON), the strings the Hub reads back equal the card's: hostile text
  survives the YAML quoting unchanged.

Needs huggingface_hub and jsonschema (.ci/run installs them into a venv). Exit 1 on a mismatch.
"""
import argparse
import json
import math
import os
import sys

from huggingface_hub import ModelCard
from huggingface_hub.repocard import metadata_load
from huggingface_hub.repocard_data import model_index_to_eval_results
import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "Tests", "LoupeCLITests", "Fixtures", "ModelCard", "mct_model_card.schema.json")

problems = []


def fail(message):
    problems.append(message)


def same(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, rel_tol=0, abs_tol=0))


def card_model(results, card):
    named = ((card or {}).get("loupe") or {}).get("model")
    if named:
        return named
    baseline = results.get("baseline")
    others = [m for m in results["models"] if m != baseline]
    return (others or results["models"])[0]


def slice_config(s):
    return ",".join(f"{c}={s['key'].get(c, '(missing)')}" for c in s["spec"])


def slice_label(s):
    return ", ".join(f"{c} = {s['key'].get(c, '(missing)')}" for c in s["spec"])


def check_readme(path, results, model, card):
    ModelCard.load(path)  # raises when the front matter is not valid YAML metadata
    meta = metadata_load(path)
    if not meta or "model-index" not in meta:
        fail(f"{path}: no model-index in the front matter")
        return 0
    name, evals = model_index_to_eval_results(meta["model-index"])
    overall = results["overall"][model]
    by_config = {slice_config(s): s for s in results["slices"]}
    checked = 0
    for e in evals:
        if e.dataset_config is None or (card and e.dataset_config == hub(card).get("datasets", [{}])[0].get("config")):
            expected = (overall.get(e.metric_type) or {}).get("value")
            where = "overall"
        else:
            s = by_config.get(e.dataset_config)
            if s is None:
                fail(f"{path}: dataset config {e.dataset_config!r} names no slice of the results")
                continue
            expected = ((s["metrics"].get(model) or {}).get(e.metric_type) or {}).get("value")
            where = e.dataset_config
        if expected is None or not same(float(e.metric_value), float(expected)):
            fail(f"{path}: {where} {e.metric_type} = {e.metric_value!r}, results.json has {expected!r}")
        checked += 1
    if card:
        h = hub(card)
        want_name = h.get("model_name") or card.get("model_details", {}).get("name")
        if want_name is not None and name != want_name:
            fail(f"{path}: model-index name {name!r} != the card's {want_name!r}")
        if h.get("tags") and meta.get("tags") != h["tags"]:
            fail(f"{path}: tags {meta.get('tags')!r} != the card's {h['tags']!r}")
        if h.get("license") and meta.get("license") != h["license"]:
            fail(f"{path}: license {meta.get('license')!r} != the card's {h['license']!r}")
        for d in h.get("datasets", [])[:1]:
            for e in evals:
                for field in ("type", "split", "revision"):
                    if d.get(field) is not None and getattr(e, "dataset_" + field) != d[field]:
                        fail(f"{path}: dataset {field} {getattr(e, 'dataset_' + field)!r} != the card's {d[field]!r}")
    return checked


def hub(card):
    return (card.get("loupe") or {}).get("hugging_face") or {}


def check_mct(path, schema_path, results, model, card):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    for error in jsonschema.Draft7Validator(schema).iter_errors(document):
        fail(f"{path}: schema: {'/'.join(map(str, error.path))}: {error.message}")
    overall = results["overall"][model]
    by_label = {slice_label(s): s for s in results["slices"]}
    checked = 0
    monitoring = results.get("monitoring") or {}
    windows = {w["label"]: w for w in monitoring.get("windows", [])}
    for m in document.get("quantitative_analysis", {}).get("performance_metrics", []):
        label = m.get("slice", "")
        if label.startswith("monitoring reference "):
            # The reference period's mean: the center of the metric's control limits.
            limit = (monitoring.get("controlLimits", {}).get(model) or {}).get(m["type"])
            expected = {"value": limit["center"]} if limit else None
        elif label.startswith("monitoring window "):
            # A window outside its control limits: that window's value, and an alarm for the worse.
            window = windows.get(label[len("monitoring window "):].split(",")[0])
            expected = ((window or {}).get("metrics", {}).get(model) or {}).get(m["type"])
            if window and not any(
                a["window"] == window["index"] and a["model"] == model and a["metric"] == m["type"] and a["worse"]
                for a in monitoring.get("alarms", [])
            ):
                fail(f"{path}: {label} {m['type']} is not an alarm for the worse in results.json")
        elif "slice" in m:
            s = by_label.get(m["slice"])
            expected = ((s or {}).get("metrics", {}).get(model) or {}).get(m["type"]) if s else None
        else:
            expected = overall.get(m["type"])
        if not expected or expected.get("value") is None or float(m["value"]) != float(expected["value"]):
            fail(f"{path}: {m.get('slice', 'overall')} {m['type']} = {m['value']!r}, results.json has {expected!r}")
        ci = m.get("confidence_interval")
        if ci and expected and (float(ci["lower_bound"]) != expected.get("lower") or float(ci["upper_bound"]) != expected.get("upper")):
            fail(f"{path}: {m.get('slice', 'overall')} {m['type']} interval {ci!r} != results.json's")
        checked += 1
    if card:
        details = card.get("model_details", {})
        if document["model_details"].get("name") != details.get("name"):
            fail(f"{path}: model_details.name differs from the card's")
        if document.get("considerations", {}).get("out_of_scope_uses") != card.get("considerations", {}).get("out_of_scope_uses"):
            fail(f"{path}: considerations.out_of_scope_uses differs from the card's")
    return checked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("card_dir")
    parser.add_argument("results")
    parser.add_argument("--card", help="the card.json the files were written from (plain JSON)")
    parser.add_argument("--schema", default=DEFAULT_SCHEMA)
    args = parser.parse_args()
    with open(args.results, encoding="utf-8") as f:
        results = json.load(f)
    card = None
    if args.card:
        with open(args.card, encoding="utf-8") as f:
            card = json.load(f)
    model = card_model(results, card)
    hub_metrics = check_readme(os.path.join(args.card_dir, "README.md"), results, model, card)
    mct_metrics = check_mct(os.path.join(args.card_dir, "model_card.json"), args.schema, results, model, card)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"model card in {args.card_dir}: README.md ({hub_metrics} model-index metrics) and model_card.json "
          f"({mct_metrics} performance metrics, schema-valid) match {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
