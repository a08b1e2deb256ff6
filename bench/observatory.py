"""Benchmark of the observatory's SIRENE path.

    .venv/bin/python bench/observatory.py                 # 5 M rows
    .venv/bin/python bench/observatory.py --rows 1000000,5000000

1. Generates a StockEtablissement file in the exact official schema (54 columns, parquet),
   ~13 % of rows in the Métropole (Paris as arrondissements 75101–75120), realistic activity
   mix, dates and text columns (cached in --work-dir; --regenerate to rebuild).
2. Measures, each step in its own process (time, and peak memory as ru_maxrss of that child
   via os.wait4 — tracemalloc would miss DuckDB's and Arrow's native allocations):
   - platform: `cvv observatory import-sirene FILE` then `cvv observatory compute`, exactly as a
     user runs them (fresh SQLite database, reference territories loaded beforehand);
   - floor: DuckDB reading just the needed columns of the Métropole's rows into memory;
   - pandas: a careful analyst's baseline (needed columns only, filter, group to commune
     counts of active establishments and local shops).
3. Prints times, ratios, peak memory, and the extrapolation to the national file (43.9 M rows).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvv.observatory.schema import SIRENE_STOCK_NEEDED as NEEDED  # noqa: E402

NATIONAL_ROWS = 43_900_000
VINTAGE = "2025-12-31"


def national_codes():
    """Commune codes outside the Métropole (about 30 000, like France's)."""
    skip = {"75", "92", "93", "94"}
    codes = []
    for dep in [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]:
        if dep in skip:
            continue
        codes.extend(f"{dep}{n:03d}" for n in range(1, 330))
    return codes


def generate(path: Path, rows: int):
    import math

    import pyarrow.parquet as pq

    from cvv.observatory import synthetic
    from cvv.territories import reference

    places = []
    for item in reference.load_communes():
        if item["code"] == "75056":
            continue
        lon, lat = item["mairie"]
        places.append((item["code"], item["population"], lon, lat, 1500.0))
    for item in reference.load_arrondissements():
        mairie = item.get("mairie") or (2.35, 48.86)
        places.append((item["code"], item["population"], mairie[0], mairie[1], 800.0))
    started = time.monotonic()
    chunk = 2_000_000
    writer = None
    for index in range(math.ceil(rows / chunk)):
        size = min(chunk, rows - index * chunk)
        stock, _ = synthetic.generate(
            places=places,
            n_rows=size,
            vintage=__import__("datetime").date.fromisoformat(VINTAGE),
            seed=1000 + index,
            metro_share=0.13,
            other_codes=national_codes(),
        )
        if writer is None:
            writer = pq.ParquetWriter(path, stock.schema, compression="snappy")
        writer.write_table(stock, row_group_size=1_000_000)
    writer.close()
    print(
        f"  fichier généré : {path} ({rows:,} lignes, {path.stat().st_size / 1e6:.0f} Mo, "
        f"{time.monotonic() - started:.1f} s)"
    )


def run_measured(cmd, env=None):
    started = time.monotonic()
    process = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
        text=True,
        bufsize=1,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    raise_if_failed(process, output, "")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, output, cpu


def raise_if_failed(process, out, err):
    if process.returncode:
        sys.exit(f"échec de {process.args!r} :\n{out}\n{err}")


FLOOR = """
import duckdb, json, time
from cvv.observatory.territory import metropole_sirene_codes
codes = sorted(metropole_sirene_codes())
started = time.monotonic()
con = duckdb.connect(config={"threads": 2})
cols = ", ".join('"' + c.replace('"', '""') + '"' for c in NEEDED)
# The codes as a semi-join (a hash probe per row): a literal IN list of ~150 codes is
# compared code by code and made this floor ~25 % slower at national size.
table = con.sql(
    f"SELECT {cols} FROM read_parquet(?) "
    "WHERE codeCommuneEtablissement IN (SELECT unnest(?::VARCHAR[]))",
    params=["FILE", codes],
).to_arrow_table()
print(json.dumps({"inner_s": time.monotonic() - started, "rows": table.num_rows}))
"""

PANDAS = """
import json, time
import pandas as pd
from cvv.observatory.nomenclature import mapping
from cvv.observatory.territory import metropole_sirene_codes
started = time.monotonic()
df = pd.read_parquet("FILE", columns=NEEDED)
df = df[df["codeCommuneEtablissement"].isin(metropole_sirene_codes())]
table = pd.DataFrame(
    [(n, c, k) for (n, c), k in mapping().items()],
    columns=["nomenclatureActivitePrincipaleEtablissement", "activitePrincipaleEtablissement",
             "categorie"],
)
df = df.merge(table, how="left")
active = df[df["etatAdministratifEtablissement"] == "A"]
counts = active.groupby("codeCommuneEtablissement").agg(
    actifs=("siret", "size"), commerces=("categorie", "count")
)
print(json.dumps({"inner_s": time.monotonic() - started, "rows": len(df),
                  "commerces": int(counts["commerces"].sum())}))
"""


def child_json(output):
    return json.loads(output.strip().splitlines()[-1])


def platform_env(var_dir: Path):
    """Environment of a production install: fresh SQLite database, and pandas (a dev-only
    dependency, absent in production) hidden — pyarrow would otherwise import it (~0.3 s)."""
    stub = var_dir / "no-pandas" / "pandas"
    stub.mkdir(parents=True, exist_ok=True)
    (stub / "__init__.py").write_text('raise ImportError("pandas: dépendance de développement")\n')
    # Bytecode cached as in an install (a development shell may set PYTHONDONTWRITEBYTECODE:
    # every command would then compile the platform's ~200 modules again, ~0.2–0.4 s); the
    # platform's modules are compiled by `compileall` in `measure` (into the gitignored
    # __pycache__ folders), as an image build would. No PYTHONPYCACHEPREFIX: it would hide
    # the bytecode that pip already wrote for the installed packages.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CVV_ENV", "PYTHONDONTWRITEBYTECODE"}
    }
    env.update(
        PYTHONPATH=str(var_dir / "no-pandas"),
        CVV_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="cvv.settings",
        OBSERVATORY_DATA_DIR=str(var_dir / "observatory"),
        LOG_LEVEL="WARNING",
    )
    return env


def measure(path: Path, rows: int, work: Path, with_pandas=True):
    cvv = [sys.executable, "-m", "cvv"]
    var_dir = Path(tempfile.mkdtemp(prefix="cvv-bench-", dir=work))
    env = platform_env(var_dir)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "cvv")], env=env, check=True
    )
    subprocess.run([*cvv, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*cvv, "territories", "load"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    results = {}
    load_before = os.getloadavg()[0]
    wall, rss, out, cpu = run_measured(
        [*cvv, "observatory", "import-sirene", str(path), "--vintage", VINTAGE], env
    )
    inner = float(re.search(r"\(([\d.]+) s\)", out).group(1))
    results["import"] = {"wall": wall, "cpu": cpu, "rss": rss, "inner": inner, "out": out.strip()}
    wall, rss, out, cpu = run_measured(
        [*cvv, "observatory", "compute", "--reference-date", VINTAGE], env
    )
    inner = float(re.search(r"en ([\d.]+) s", out).group(1))
    results["compute"] = {"wall": wall, "cpu": cpu, "rss": rss, "inner": inner, "out": out.strip()}
    wall, rss, out, cpu = run_measured(
        [*cvv, "observatory", "import-sirene", str(path), "--vintage", VINTAGE, "--compute"], env
    )
    inner = float(re.search(r"\(([\d.]+) s\)", out).group(1))
    inner += float(re.search(r"en ([\d.]+) s", out).group(1))
    results["one_command"] = {"wall": wall, "cpu": cpu, "rss": rss, "inner": inner}
    plain_env = {**env, "PYTHONPATH": str(ROOT)}
    for name, code in (("floor", FLOOR), ("pandas", PANDAS))[: 2 if with_pandas else 1]:
        script = textwrap.dedent(code).replace("FILE", str(path)).replace("NEEDED", repr(NEEDED))
        wall, rss, out, cpu = run_measured([sys.executable, "-c", script], plain_env)
        results[name] = {"wall": wall, "cpu": cpu, "rss": rss, **child_json(out)}
    shutil.rmtree(var_dir, ignore_errors=True)
    results["load"] = (load_before, os.getloadavg()[0])
    return results


def report(rows, r):
    imp, comp, floor = r["import"], r["compute"], r["floor"]
    pandas = r.get("pandas")
    platform_inner = imp["inner"] + comp["inner"]
    platform_wall = imp["wall"] + comp["wall"]
    platform_rss = max(imp["rss"], comp["rss"])
    print(f"\n=== {rows:,} lignes ===")
    print(f"  charge de la machine (moyenne 1 min) : {r['load'][0]:.1f} avant, "
          f"{r['load'][1]:.1f} après")  # fmt: skip
    print(f"  {imp['out'].splitlines()[-1] if imp['out'] else ''}")
    line = "  {:<44} {:>8.2f} s {:>8.2f} s {:>8.2f} s {:>8.0f} Mo"
    print("  {:<44} {:>10} {:>10} {:>10} {:>11}".format("étape", "mesuré*", "processus", "CPU",
                                                       "pic RSS"))  # fmt: skip
    print(line.format("plateforme : import-sirene", imp["inner"], imp["wall"], imp["cpu"],
                      imp["rss"]))  # fmt: skip
    print(line.format("plateforme : compute", comp["inner"], comp["wall"], comp["cpu"],
                      comp["rss"]))  # fmt: skip
    print(line.format("plateforme : import + compute", platform_inner, platform_wall,
                      imp["cpu"] + comp["cpu"], platform_rss))  # fmt: skip
    one = r["one_command"]
    print(line.format("plateforme : import-sirene --compute", one["inner"], one["wall"],
                      one["cpu"], one["rss"]))  # fmt: skip
    print(line.format("plancher DuckDB (colonnes utiles, Métropole)", floor["inner_s"],
                      floor["wall"], floor["cpu"], floor["rss"]))  # fmt: skip
    if pandas:
        print(line.format("référence pandas (colonnes utiles)", pandas["inner_s"],
                          pandas["wall"], pandas["cpu"], pandas["rss"]))  # fmt: skip
    print(
        "  * mesuré : durée interne (hors démarrage de Python/Django) ; processus : de bout en bout"
    )
    print(f"  lignes Métropole : plancher {floor['rows']:,}")
    print(
        f"  ratio plateforme / plancher : {platform_inner / floor['inner_s']:.2f}x (interne), "
        f"{platform_wall / floor['wall']:.2f}x (processus)  — cible ≤ 3x"
    )
    print(
        f"  en une commande (import-sirene --compute) : {one['inner'] / floor['inner_s']:.2f}x "
        f"(interne), {one['wall'] / floor['wall']:.2f}x (processus)"
    )
    if not pandas:
        return platform_inner, platform_wall, platform_rss
    print(
        f"  ratio plateforme / plancher en temps CPU (utilisateur + système, moins sensible à la "
        f"charge) : {(imp['cpu'] + comp['cpu']) / floor['cpu']:.2f}x en deux commandes, "
        f"{one['cpu'] / floor['cpu']:.2f}x en une ; démarrage (processus − interne) : "
        f"import {imp['wall'] - imp['inner']:.2f} s, compute {comp['wall'] - comp['inner']:.2f} s"
    )
    print(
        f"  plateforme / pandas : temps {platform_inner / pandas['inner_s']:.2f}x (interne), "
        f"{platform_wall / pandas['wall']:.2f}x (processus) ; mémoire "
        f"{platform_rss / pandas['rss']:.2f}x — cibles < 1x et ≤ 0,33x"
    )
    return platform_inner, platform_wall, platform_rss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="5000000", help="taille(s), séparées par des virgules")
    parser.add_argument("--work-dir", default=str(Path(tempfile.gettempdir()) / "cvv-bench"))
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--no-pandas",
        action="store_true",
        help="sans la référence pandas (à la taille nationale elle demande ~12 Go)",
    )
    parser.add_argument("--generate-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        return generate(Path(args.generate_only), int(args.rows))
    sizes = [int(s.replace("_", "")) for s in args.rows.split(",")]
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    print(f"Machine : {os.cpu_count()} cœurs ; les mesures partagent la machine.")
    points = []
    for rows in sizes:
        path = work / f"StockEtablissement_bench_{rows}.parquet"
        if args.regenerate or not path.exists():
            # In a child process: the parent stays small, so that the peak RSS the measured
            # children report (inherited across fork) is their own.
            subprocess.run(
                [sys.executable, __file__, "--generate-only", str(path), "--rows", str(rows)],
                check=True,
            )
        result = measure(path, rows, work, with_pandas=not args.no_pandas)
        points.append((rows, *report(rows, result)))
    print("\n=== extrapolation au stock national (43,9 M lignes) ===")
    if len(points) >= 2:
        (r1, t1, w1, m1), (r2, t2, w2, m2) = points[0], points[-1]
        slope, wslope = (t2 - t1) / (r2 - r1), (w2 - w1) / (r2 - r1)
        inner = t2 + slope * (NATIONAL_ROWS - r2)
        wall = w2 + wslope * (NATIONAL_ROWS - r2)
        print(f"  pic mémoire : {m1:.0f} Mo à {r1:,} lignes, {m2:.0f} Mo à {r2:,} lignes")
    else:
        rows, t, w, m = points[0]
        inner, wall = t * NATIONAL_ROWS / rows, w * NATIONAL_ROWS / rows
    print(
        f"  import + compute : ~{inner:.1f} s (interne), ~{wall:.1f} s (processus) — cible < 60 s"
    )


if __name__ == "__main__":
    main()
