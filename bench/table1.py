#!/usr/bin/env python3
"""Table 1 of issue 11: picks the rows (best baseline of each sampler, best DeepCache, Flexiffusion's answer per
MAC budget) and writes the report from the judge runs. Reads only the CLI's JSON outputs; standard library, plus
matplotlib (Debian python3-matplotlib) for pareto.png.

  bench/table1.py select OUT_DIR        -> OUT_DIR/rows.txt   (a `flexiffusion baselines --plans` file)
  bench/table1.py report OUT_DIR FILE   -> FILE (markdown) and OUT_DIR/pareto.png
"""
import glob
import json
import os
import sys

BUDGETS = [2, 3, 4, 5, 8]
KSTEP = {"step-reduction", "quadratic-step-reduction"}
DEEPCACHE = {"deepcache-uniform", "deepcache-nonuniform"}
EPS = 1e-9


def rows(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    return out


def baselines(out_dir):
    found = []
    for path in sorted(glob.glob(os.path.join(out_dir, "baselines-*", "baselines.jsonl"))):
        found.extend(rows(path))
    return found


def searches(out_dir):
    found = {}
    for path in sorted(glob.glob(os.path.join(out_dir, "search-*x.json"))):
        name = os.path.basename(path)[len("search-"):-len(".json")]
        sampler, budget = name.rsplit("-", 1)
        with open(path) as f:
            found[(sampler, int(budget[:-1]))] = json.load(f)
    return found


def best(candidates):
    candidates = [r for r in candidates if r["rfid"] == r["rfid"]]
    return min(candidates, key=lambda r: (r["rfid"], r["macs"])) if candidates else None


def select(out_dir):
    base = baselines(out_dir)
    found = searches(out_dir)
    samplers = sorted({r["sampler"] for r in base})
    lines = ["# name sampler schedule (written by bench/table1.py select)", "teacher ddim teacher"]
    seen = set()

    def add(name, sampler, candidate):
        if (name, sampler) not in seen:
            seen.add((name, sampler))
            lines.append(f"{name} {sampler} {candidate}")

    for b in BUDGETS:
        fits = [r for r in base if r["mac_speedup"] >= b - EPS]
        for s in samplers:
            r = best([x for x in fits if x["sampler"] == s and x["family"] in KSTEP])
            if r:
                add(f"{b}x/k-step/{r['name']}", s, r["candidate"])
        r = best([x for x in fits if x["family"] in DEEPCACHE])
        if r:
            add(f"{b}x/deepcache/{r['name']}", r["sampler"], r["candidate"])
        for (sampler, budget), result in sorted(found.items()):
            if budget == b:
                add(f"{b}x/flexiffusion", sampler, result["answer"]["candidate"])
    path = os.path.join(out_dir, "rows.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} rows -> {path}")
    # Every candidate on the searches' fronts (and each answer), to be judged like the baselines for pareto.png.
    fronts = ["# name sampler schedule: the searches' fronts (written by bench/table1.py select)"]
    for (sampler, budget), result in sorted(found.items()):
        members = {p["candidate"] for p in result.get("front", [])} | {result["answer"]["candidate"]}
        for i, candidate in enumerate(sorted(members)):
            fronts.append(f"{budget}x/{i} {sampler} {candidate}")
    path = os.path.join(out_dir, "fronts.txt")
    with open(path, "w") as f:
        f.write("\n".join(fronts) + "\n")
    print(f"{len(fronts) - 1} front members -> {path}")


def judged(out_dir, name):
    path = os.path.join(out_dir, name, "baselines.jsonl")
    return {(r["name"], r["sampler"]): r for r in rows(path)} if os.path.exists(path) else {}


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def report(out_dir, out_file):
    seed0, held, fid = judged(out_dir, "judge-seed0"), judged(out_dir, "judge-heldout"), judged(out_dir, "judge-fid")
    keys = list(dict.fromkeys(list(seed0) + list(held) + list(fid)))
    order = {"k-step": 0, "largest-k": 1, "deepcache": 2, "flexiffusion": 3}

    def rank(key):
        parts = key[0].split("/")
        budget = int(parts[0][:-1]) if len(parts) > 1 and parts[0][:-1].isdigit() else 0
        return (budget, order.get(parts[1], 9) if len(parts) > 1 else -1)

    keys.sort(key=rank)
    teacher = fid.get(("teacher", "ddim"))
    found = searches(out_dir)
    lines = []
    w = lines.append
    ref = next(iter(seed0.values()), {}).get("reference", "?")
    fid_images = next(iter(fid.values()), {}).get("images", "-")
    w(f"| budget | row | sampler | schedule | NFE | GMACs | MAC speed-up | wall speed-up | rFID (search noise) | rFID (held-out) | FID ({fid_images} images) | FID vs teacher |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key in keys:
        name, sampler = key
        r = seed0.get(key) or held.get(key) or fid.get(key)
        h, f = held.get(key), fid.get(key)
        budget, kind = (name.split("/", 2) + ["", ""])[:2] if "/" in name else ("1x", name)
        wall = teacher["sampling_seconds"] / f["sampling_seconds"] if teacher and f else None
        change = 100 * (f["fid"] - teacher["fid"]) / teacher["fid"] if teacher and f and f.get("fid") is not None else None
        label = name.split("/", 2)[2] if name.count("/") == 2 else ""
        w(f"| {budget} | {kind}{(' ' + label) if label else ''} | {sampler} | `{r['candidate']}` | {r['nfe']} | {r['macs'] / 1e9:.4f} | "
          f"{r['mac_speedup']:.2f}x | {fmt(wall, '.2f')}{'x' if wall else ''} | {fmt(seed0.get(key, {}).get('rfid'), '.3f')} | "
          f"{fmt(h['rfid'] if h else None, '.3f')} | {fmt(f.get('fid') if f else None, '.2f')} | {fmt(change, '+.1f')}{'%' if change is not None else ''} |")
    margins = []
    for (sampler, budget), result in sorted(found.items(), key=lambda x: (x[0][1], x[0][0])):
        c = result.get("confirmation") or {}
        fin = c.get("finalists") or []
        answer = result["answer"]["candidate"]
        mine = next((x for x in fin if x["candidate"]["candidate"] == answer), fin[0] if fin else None)
        base = next((x for x in fin if x.get("baseline")), None)
        challenger = c.get("challenger")
        chal = next((x for x in fin if x["candidate"]["candidate"] == challenger), None)
        interval = (f"{c['marginLow']:.3f}..{c['marginHigh']:.3f}"
                    if c.get("marginLow") is not None and c.get("marginHigh") is not None else "-")
        margins.append(f"| {budget}x | {sampler} | `{answer}` | {mine['confirmedRfid']:.3f} | "
                       f"{base['baseline'] if base else '-'} | {fmt(base['confirmedRfid'] if base else None, '.3f')} | {fmt(c.get('margin'), '.3f')} | "
                       f"{fmt(chal['confirmedRfid'] if chal else None, '.3f')} | {fmt(100 * c['winRate'] if c.get('winRate') is not None else None, '.0f')}"
                       f"{'%' if c.get('winRate') is not None else ''} | {interval} | {c.get('settings', '-')} |"
                       if fin else f"| {budget}x | {sampler} | `{answer}` | - | - | - | - | - | - | - | - |")
    with open(out_file, "w") as f:
        f.write("\n".join(lines) + "\n")
        if margins:
            f.write("\n| budget | sampler | answer | confirmed rFID | best baseline finalist | its confirmed rFID | margin | best challenger's confirmed rFID | "
                    "its paired win rate | 90% interval of its margin | confirmation |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
            f.write("\n".join(margins) + "\n")
    print(f"reference: {ref}")
    print("\n".join(lines))
    plot(out_dir, baselines(out_dir), judged(out_dir, "judge-fronts"), found)


def plot(out_dir, base, fronts, found):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing (apt-get install python3-matplotlib): no pareto.png", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(9, 6))
    groups = {}
    for r in base:
        family = "k-step" if r["family"] in KSTEP else "DeepCache"
        label = f"{family} {r['family'].replace('-step-reduction', '').replace('step-reduction', 'uniform')} / {r['sampler']}" if family == "k-step" else f"DeepCache / {r['sampler']}"
        groups.setdefault(label, []).append(r)
    for label, rs in sorted(groups.items()):
        ax.scatter([r["mac_speedup"] for r in rs], [r["rfid"] for r in rs], s=10, alpha=0.6, label=label)
    answers = {(s, r["answer"]["candidate"]) for (s, _), r in found.items()}
    searched = list(fronts.values())
    if searched:
        ax.scatter([r["mac_speedup"] for r in searched], [r["rfid"] for r in searched], s=22, marker="x", color="black", label="Flexiffusion fronts")
        best = [r for r in searched if (r["sampler"], r["candidate"]) in answers]
        ax.scatter([r["mac_speedup"] for r in best], [r["rfid"] for r in best], s=90, marker="*", color="red", label="Flexiffusion answers")
    images = next(iter(base), {}).get("images", "?")
    ax.set_xlabel("MAC speed-up over the 100-step teacher")
    ax.set_ylabel(f"rFID vs the DDIM-100 reference ({images} images, noise seed 0)")
    ax.set_yscale("log")
    ax.set_ylim(0.1, 300)  # the fronts' cheapest members (a few steps) lie far above; they are in fronts.txt's judged rows
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "pareto.png"), dpi=110)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "select":
        select(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
