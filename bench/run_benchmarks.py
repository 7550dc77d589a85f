#!/usr/bin/python3
"""`make bench`: every performance figure of cxsim in one table, each beside its reference.

Runs, in one go on this machine (ratios are only meaningful within one run):
  1. cxsim_bench (Google Benchmark): Philox draws; the arithmetic limit of one interaction and
     of the reference scenario's draw mix, one customer at a time and in 32 SIMD lanes on the
     best instruction set here; the kernel (in lanes, as the engine runs it) on the reference
     scenario for the baseline alone and for every variant, on the best instruction set, on
     AVX2 and on the portable one, and the one-customer kernel it must agree with;
  2. the engine end to end (`cxsim run`, 1,000,000 customers) on 1 and 2 threads, the median
     of five runs each, checking that every run's results agree: monthly.csv byte for byte,
     results.json in everything but the thread count and the timing; with --before BUILD_DIR,
     that build's 1-thread run alternating with them, and the ratio of the two;
  3. peak memory of `cxsim run` at 100,000 and at 10,000,000 customers, on the reference scenario
     and with acquisition (bench/acquisition.yaml: cohorts joining every month);
  4. the NumPy peer (bench/peer/numpy_peer.py) against cxsim on one core, the median of three
     runs each, on the reference scenario with its distributions replaced by their means,
     checking that both agree on retention and NPV within their intervals;
  5. `cxsim fit-retention` on 100 cohorts of 36 periods, every model, the median of five runs;
  6. `cxsim calibrate` of three unknowns of the reference scenario to a 24-month retention curve,
     NPS and two touchpoints' CSAT (bench/data/saas_b2b_observed.yaml), 50,000 customers an
     evaluation on two threads, with the simulations it took.
Prints the table; exits 1 when the engine's results differ between thread counts or the peer
disagrees (either means one of the two implementations is wrong).
"""

import argparse
import json
import os
import math
import platform
import random
import time
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import NormalDist, median

SOURCE = Path(__file__).resolve().parent.parent
REFERENCE = SOURCE / "scenarios" / "saas_b2b.yaml"
PEER = SOURCE / "bench" / "peer" / "numpy_peer.py"
ACQUISITION = SOURCE / "bench" / "acquisition.yaml"
END_TO_END_REPETITIONS = 5
PEER_REPETITIONS = 3
FIT_REPETITIONS = 5


def log(message):
    print(message, file=sys.stderr, flush=True)


def google_benchmarks(build):
    """Each benchmark's median of five repetitions, which a moment of noise does not move."""
    output = subprocess.run(
        [str(build / "bin" / "cxsim_bench"), "--benchmark_format=json",
         "--benchmark_min_time=0.5", "--benchmark_repetitions=5",
         "--benchmark_report_aggregates_only=true",
         "--benchmark_filter=Philox|ArithmeticLimit|Kernel"],
        check=True, capture_output=True, text=True).stdout
    return {b["run_name"]: b for b in json.loads(output)["benchmarks"]
            if b.get("aggregate_name") == "median"}


def alone_and_in_two_processes(build, benchmark):
    """A benchmark alone, then in two processes at once, each a median of five: the second
    summed is what two cores of this machine give together on that work at that moment, the
    ceiling of any speed-up on it (on this VM it moves with the host's load: the kernel's
    measured 1.86 to 1.97 times one process on the same day)."""
    command = [str(build / "bin" / "cxsim_bench"), "--benchmark_format=json",
               "--benchmark_min_time=0.5", "--benchmark_repetitions=5",
               "--benchmark_report_aggregates_only=true", f"--benchmark_filter={benchmark}$"]

    def median_rate(run):
        return next(b["interactions/s"] for b in json.loads(run.communicate()[0])["benchmarks"]
                    if b.get("aggregate_name") == "median")

    alone = median_rate(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    return alone, sum(median_rate(run) for run in runs)


def cxsim_run(build, scenario, out, *options):
    subprocess.run([str(build / "bin" / "cxsim"), "run", str(scenario), "--quiet", "-o", str(out),
                    *options], check=True, stdout=subprocess.DEVNULL)
    return json.loads((out / "results.json").read_text())


def without_run_details(results):
    """results.json less what may differ between thread counts: the count and the timing."""
    results = dict(results)
    results.pop("performance", None)
    results["settings"] = {k: v for k, v in results["settings"].items() if k != "threads"}
    return results


def peak_memory_kib(command):
    """The peak resident memory of `command`, measured in a process of its own."""
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    return int(subprocess.run([sys.executable, "-c", probe, *command], check=True,
                              capture_output=True, text=True).stdout)


def disagreement(a, b):
    """|a − b| in units of √(h_a² + h_b²), h the 95% half-widths: two independent estimates of
    one quantity stay below 1 in 95% of runs."""
    half_a, half_b = (a["hi"] - a["lo"]) / 2, (b["hi"] - b["lo"]) / 2
    return abs(a["mean"] - b["mean"]) / (half_a ** 2 + half_b ** 2) ** 0.5


def family_limit(comparisons):
    """The disagreement allowed to each of `comparisons` checks so that all of them together
    raise a false alarm in at most 5% of runs (Bonferroni)."""
    return NormalDist().inv_cdf(1 - 0.025 / comparisons) / NormalDist().inv_cdf(0.975)


def write_retention_cohorts(path, cohorts=100, periods=36, customers=2000, alpha=0.8, beta=2.5):
    """A cohort table of sBG customers (each one's churn drawn from Beta(alpha, beta), then
    geometric), from a fixed seed: `cohorts` cohorts observed for `periods` periods."""
    draws = random.Random(14)
    lines = ["cohort,period,alive"]
    for cohort in range(cohorts):
        lifetimes = []
        for _ in range(customers):
            churn = draws.betavariate(alpha, beta)
            lifetimes.append(math.ceil(math.log(1.0 - draws.random()) / math.log1p(-churn))
                             if churn > 0 else periods + 1)
        lines += [f"c{cohort},{t},{sum(1 for life in lifetimes if life > t)}"
                  for t in range(periods + 1)]
    path.write_text("\n".join(lines) + "\n")


def fit_retention_seconds(build, data, out):
    """Wall time of one `cxsim fit-retention` run, every model, FIT.json written."""
    start = time.perf_counter()
    subprocess.run([str(build / "bin" / "cxsim"), "fit-retention", str(data), "-o", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def calibration_run(build, observed, report):
    """Wall time and simulations of one `cxsim calibrate` of the reference scenario."""
    start = time.perf_counter()
    subprocess.run([str(build / "bin" / "cxsim"), "calibrate", str(REFERENCE),
                    "--observed", str(observed), "--customers", "50000", "--threads", "2",
                    "--report", str(report)], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, json.loads(report.read_text())["fits"][0]["solver"]["simulations"]


def machine():
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", default=str(SOURCE / "build"))
    # A million: at 100,000 a run now lasts a sixth of a second, and a few milliseconds of the
    # VM's scheduling move the two-thread ratio by several hundredths.
    parser.add_argument("--customers", type=int, default=1_000_000,
                        help="customers of the end-to-end runs (default 1,000,000)")
    parser.add_argument("--small", type=int, default=100_000,
                        help="customers of the small memory run (default 100,000)")
    parser.add_argument("--large", type=int, default=10_000_000,
                        help="customers of the large memory run (default 10,000,000)")
    parser.add_argument("--peer-customers", type=int, default=200_000)
    parser.add_argument("--before", metavar="BUILD_DIR",
                        help="another build (the previous commit's) whose 1-thread end-to-end run "
                             "alternates with this build's, for the ratio of the two")
    args = parser.parse_args()
    build = Path(args.build_dir)
    rows = []  # (figure, value, unit, reference, ratio, target)
    failures = []

    log("cxsim_bench: Philox, the arithmetic limit, the kernel ...")
    marks = google_benchmarks(build)
    philox = marks["BM_PhiloxDraws"]["draws/s"]
    limit = marks["BM_ArithmeticLimit"]["interactions/s"]
    mix_limit = marks["BM_ArithmeticLimitReferenceMix"]["interactions/s"]
    lanes_limit = marks["BM_ArithmeticLimitInLanes"]["interactions/s"]
    lanes_mix_limit = marks["BM_ArithmeticLimitReferenceMixInLanes"]["interactions/s"]
    portable_lanes_limit = marks["BM_ArithmeticLimitInPortableLanes"]["interactions/s"]
    baseline = marks["BM_KernelBaselineOnly"]
    every = marks["BM_KernelEveryVariant"]
    best_set = baseline.get("label", "")
    rows += [
        ("Philox4x32-10 draws (4 uniforms each)", philox / 1e6, "M/s", "", None, ""),
        ("arithmetic limit: one interaction's draws", limit / 1e6, "M interactions/s", "", None,
         ""),
        # With its share of the month-end and customer draws each interaction brings along.
        ("arithmetic limit: reference draw mix", mix_limit / 1e6, "M interactions/s",
         "arithmetic limit", mix_limit / limit, ""),
        (f"limit in lanes, {best_set}", lanes_limit / 1e6, "M interactions/s",
         "arithmetic limit", lanes_limit / limit, ""),
        (f"limit in lanes, {best_set}: draw mix", lanes_mix_limit / 1e6, "M interactions/s",
         "reference draw mix", lanes_mix_limit / mix_limit, ""),
        ("limit in lanes, portable (SSE2)", portable_lanes_limit / 1e6, "M interactions/s",
         "arithmetic limit", portable_lanes_limit / limit, ""),
        ("kernel, baseline only", baseline["interactions/s"] / 1e6, "M interactions/s",
         "limit in lanes", baseline["interactions/s"] / lanes_limit, "≥ 0.70"),
        ("kernel, baseline only", baseline["interactions/s"] / 1e6, "M interactions/s",
         "lanes: draw mix", baseline["interactions/s"] / lanes_mix_limit, "≥ 0.70"),
        ("kernel, baseline only", baseline["interactions/s"] / 1e6, "M interactions/s",
         "arithmetic limit", baseline["interactions/s"] / limit, ""),
        # Variants after the first reuse the customer's draws, so their interactions cost less
        # than the limit's: this ratio may exceed 1 and is no measure of the kernel's overhead.
        ("kernel, every variant (7), draws shared", every["interactions/s"] / 1e6,
         "M interactions/s", "limit in lanes", every["interactions/s"] / lanes_limit, ""),
        ("kernel, baseline only", baseline["customer_months/s"] / 1e6, "M customer-months/s",
         "", None, ""),
        ("kernel, every variant (7), draws shared", every["customer_months/s"] / 1e6,
         "M customer-months/s", "", None, ""),
    ]
    # The kernel on the instruction sets a processor without the best would use, and the
    # one-customer kernel, each against the best set's figure.
    for what, baseline_mark, every_mark in (
            ("AVX2", "BM_KernelAvx2BaselineOnly", "BM_KernelAvx2EveryVariant"),
            ("portable (SSE2)", "BM_KernelPortableBaselineOnly", "BM_KernelPortableEveryVariant"),
            ("one customer at a time", "BM_OneCustomerKernelBaselineOnly",
             "BM_OneCustomerKernelEveryVariant")):
        if baseline_mark not in marks:  # skipped: this processor lacks the instruction set
            rows.append((f"kernel, {what}", "not on this processor", "", "", None, ""))
            continue
        for scope, mark, reference in (("baseline only", baseline_mark, baseline),
                                       ("every variant", every_mark, every)):
            rate = marks[mark]["interactions/s"]
            rows.append((f"kernel {what}, {scope}", rate / 1e6, "M interactions/s",
                         f"kernel, {scope}", rate / reference["interactions/s"], ""))

    log("the arithmetic limit and the kernel on both cores at once ...")
    limit_alone, both_cores = alone_and_in_two_processes(build, "BM_ArithmeticLimit")
    kernel_alone, kernel_both_cores = alone_and_in_two_processes(build, "BM_KernelEveryVariant")

    with tempfile.TemporaryDirectory(prefix="cxsim-bench-") as work:
        work = Path(work)
        log(f"cxsim run, {args.customers:,} customers, on 1 and on 2 threads, "
            f"{END_TO_END_REPETITIONS} times each ...")
        # Alternating, so that a slow spell of the host falls on both thread counts alike.
        repetitions = {1: [], 2: []}
        before_seconds = []
        for repetition in range(END_TO_END_REPETITIONS):
            for threads in (1, 2):
                out = work / f"threads{threads}-{repetition}"
                repetitions[threads].append(
                    (cxsim_run(build, REFERENCE, out, "--customers", str(args.customers),
                               "--threads", str(threads)), (out / "monthly.csv").read_bytes()))
            if args.before:
                before_seconds.append(cxsim_run(
                    Path(args.before), REFERENCE, work / f"before-{repetition}", "--customers",
                    str(args.customers), "--threads", "1")["performance"]["seconds"])
        seconds = {threads: median(results["performance"]["seconds"] for results, _ in outcomes)
                   for threads, outcomes in repetitions.items()}
        first_results, first_monthly = repetitions[1][0]
        identical = all(without_run_details(results) == without_run_details(first_results) and
                        monthly == first_monthly
                        for outcomes in repetitions.values() for results, monthly in outcomes)
        if not identical:
            failures.append("results differ between runs (1 and 2 threads)")
        customer_months = first_results["performance"]["customer_months"]
        rows += [
            ("engine end to end, 1 thread", customer_months / seconds[1] / 1e6,
             "M customer-months/s", "", None, ""),
            ("arithmetic limit, 2 processes at once", both_cores / 1e6, "M interactions/s",
             "1 process", both_cores / limit_alone, ""),
            ("kernel, every variant, 2 processes at once", kernel_both_cores / 1e6,
             "M interactions/s", "1 process", kernel_both_cores / kernel_alone, ""),
            ("engine end to end, 2 threads", customer_months / seconds[2] / 1e6,
             "M customer-months/s", "1 thread", seconds[1] / seconds[2], "≥ 1.85"),
            ("same results in every run, 1 and 2 threads", "yes" if identical else "NO", "", "",
             None, "yes"),
        ]
        if args.before:
            rows.append(("engine end to end, 1 thread", customer_months / seconds[1] / 1e6,
                         "M customer-months/s", "--before build", median(before_seconds) / seconds[1],
                         "≥ 1.00"))

        log(f"peak memory at {args.small:,} and {args.large:,} customers ...")
        for scenario, label in ((REFERENCE, ""), (ACQUISITION, ", with acquisition")):
            memory = {n: peak_memory_kib([str(build / "bin" / "cxsim"), "run", str(scenario),
                                          "--quiet", "--customers", str(n), "-o",
                                          str(work / f"memory{n}")])
                      for n in (args.small, args.large)}
            rows += [
                (f"peak memory, {args.small:,} customers{label}", memory[args.small] / 1024,
                 "MiB", "", None, ""),
                (f"peak memory, {args.large:,} customers{label}", memory[args.large] / 1024,
                 "MiB", f"{args.small:,} customers", memory[args.large] / memory[args.small],
                 "≤ 1.10"),
            ]

        log(f"NumPy peer and cxsim on one core, {args.peer_customers:,} customers, "
            f"{PEER_REPETITIONS} times each ...")
        mean_scenario = work / "saas_b2b_means.yaml"
        subprocess.run(["/usr/bin/python3", str(PEER), str(REFERENCE), "--write-mean-scenario",
                        str(mean_scenario)], check=True)
        peer_runs, cxsim_runs = [], []
        for _ in range(PEER_REPETITIONS):  # alternating, as above
            peer_runs.append(json.loads(subprocess.run(
                ["/usr/bin/python3", str(PEER), str(mean_scenario), "--customers",
                 str(args.peer_customers), "--json"],
                check=True, capture_output=True, text=True).stdout))
            cxsim_runs.append(cxsim_run(build, mean_scenario, work / "peer", "--customers",
                                        str(args.peer_customers), "--threads", "1"))
        peer, ours = peer_runs[0], cxsim_runs[0]  # every repetition computes the same figures
        ours_rate = median(run["performance"]["customer_months"] / run["performance"]["seconds"]
                           for run in cxsim_runs)
        peer_rate = median(run["performance"]["customer_months"] / run["performance"]["seconds"]
                           for run in peer_runs)
        peer_variants = {variant["id"]: variant for variant in peer["variants"]}
        checks = []  # (what, disagreement)
        for variant in ours["variants"]:
            theirs = peer_variants[variant["id"]]
            for figure in ("retention", "npv"):
                checks.append((f"{variant['id']} {figure}",
                               disagreement(variant["totals"][figure], theirs[figure])))
            if "vs_baseline" in variant:
                for figure in ("delta_retention", "delta_npv"):
                    checks.append((f"{variant['id']} {figure}",
                                   disagreement(variant["vs_baseline"][figure], theirs[figure])))
        limit_each = family_limit(len(checks))
        disagreements = [f"{what} ({ratio:.2f} > {limit_each:.2f})"
                         for what, ratio in checks if ratio > limit_each]
        if disagreements:
            failures.append("the peer disagrees on " + ", ".join(disagreements))
        rows += [
            ("NumPy peer, 1 core", peer_rate / 1e6, "M customer-months/s", "", None, ""),
            ("cxsim end to end, 1 core", ours_rate / 1e6, "M customer-months/s", "NumPy peer",
             ours_rate / peer_rate, "≥ 10"),
            (f"peer agrees: {len(checks)} figures, largest gap", max(r for _, r in checks),
             f"× √(h²+h²), limit {limit_each:.2f}", "", None, "≤ limit"),
        ]

        log(f"cxsim fit-retention, 100 cohorts of 36 periods, {FIT_REPETITIONS} times ...")
        cohorts = work / "cohorts.csv"
        write_retention_cohorts(cohorts)
        fit_seconds = median(fit_retention_seconds(build, cohorts, work / "fit.json")
                             for _ in range(FIT_REPETITIONS))
        rows.append(("fit-retention: 100 cohorts × 36 periods, 3 models", fit_seconds, "s", "",
                     None, "< 1 s"))

        log("cxsim calibrate, 3 unknowns of saas_b2b, 50,000 customers ...")
        calibrate_seconds, simulations = calibration_run(
            build, SOURCE / "bench" / "data" / "saas_b2b_observed.yaml", work / "report.json")
        rows.append((f"calibrate: 3 unknowns, 50,000 customers, {simulations} simulations",
                     calibrate_seconds, "s", "", None, "< 20 s"))

    print(f"cxsim benchmarks on {machine()}; portable build (no -march flags), the kernel "
          f"running on {best_set}\n")
    header = ("figure", "value", "reference", "ratio", "target")
    table = [header] + [
        (figure, f"{value:,.2f} {unit}" if isinstance(value, float) else value, reference,
         "" if ratio is None else f"{ratio:.2f}", target)
        for figure, value, unit, reference, ratio, target in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    for failure in failures:
        print(f"\nFAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
