#!/usr/bin/env python3
"""Checks lstm-ts TensorBoard event files with TensorBoard's own readers.

    python3 -m venv /tmp/tbvenv && /tmp/tbvenv/bin/pip install tensorboard
    /tmp/tbvenv/bin/python scripts/check-tensorboard-events.py LOGDIR EXPECTED.json [--serve]

EXPECTED.json (written by test/fixtures/tensorboard/generate.ts) maps run ("train",
"validation") -> tag -> points in step order: {"step", "value"} for a scalar, {"step",
"values"} (the weight's raw values) for a histogram. It is built from History, the batch
logs and the weights, not from the event files.

Each run directory is loaded with
  * tensorboard.backend.event_processing.plugin_event_accumulator.EventAccumulator, the
    reader TensorBoard's Python data path uses (values converted by data_compat to the
    scalars/histograms plugins' tensors), and
  * tensorboard.backend.event_processing.event_accumulator.EventAccumulator, the legacy one
    (Scalars / Histograms).
Both must hold exactly the expected tags and steps; scalars must equal the expected value
rounded to float32; histograms must have the weight's min, max, count, sum and sum of squares,
and bucket counts that NumPy recomputes from the raw values over the same edges.

--serve also starts the `tensorboard` server itself, once with the Rust data server
(--load_fast=true) and once without (--load_fast=false), and compares what its HTTP API
(/data/plugin/scalars/scalars, /data/plugin/histograms/histograms) returns.

Needs only the tensorboard package (and its numpy); not needed by the test suite.
Exit status 0 when everything matches; the first mismatch is printed and the status is 1.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import numpy as np
from tensorboard.backend.event_processing import event_accumulator as legacy
from tensorboard.backend.event_processing import plugin_event_accumulator as plugin
from tensorboard.util import tensor_util


class Mismatch(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Mismatch(message)


def f32(x):
    return float(np.float32(x))


def split(expected_run):
    scalars = {t: ps for t, ps in expected_run.items() if "value" in ps[0]}
    histos = {t: ps for t, ps in expected_run.items() if "values" in ps[0]}
    return scalars, histos


def check_scalar_points(where, got, points):
    """got: list of (step, value) as read; points: expected."""
    check([s for s, _ in got] == [p["step"] for p in points],
          f"{where}: steps {[s for s, _ in got]} != expected {[p['step'] for p in points]}")
    for (step, value), p in zip(got, points):
        check(value == f32(p["value"]),
              f"{where} step {step}: value {value!r} != expected {p['value']!r} as float32 {f32(p['value'])!r}")


def check_buckets(where, buckets, values):
    """buckets: [k, 3] (left, right, count) as TensorBoard's histogram plugin holds them."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    check(buckets.shape[1] == 3, f"{where}: bucket array shape {buckets.shape}")
    check(int(buckets[:, 2].sum()) == v.size, f"{where}: bucket counts sum to {buckets[:, 2].sum()}, weight has {v.size} values")
    check(buckets[0, 0] == np.float32(v.min()) and buckets[-1, 1] == np.float32(v.max()),
          f"{where}: range [{buckets[0, 0]}, {buckets[-1, 1]}] != weight range [{v.min()}, {v.max()}]")
    if v.min() == v.max():
        check(buckets.shape[0] == 1, f"{where}: equal values should make one bucket, got {buckets.shape[0]}")
        return
    # Recount with NumPy over equal-width edges from min to max (the float32 edges TensorBoard
    # shows are rounded; the counts are compared against float64 edges computed here).
    k = buckets.shape[0]
    edges = v.min() + (v.max() - v.min()) * np.arange(k + 1) / k
    edges[-1] = v.max()
    counts, _ = np.histogram(v, bins=edges)
    check(np.array_equal(counts, buckets[:, 2].astype(np.int64)),
          f"{where}: bucket counts {buckets[:, 2].astype(int).tolist()} != NumPy's {counts.tolist()}")
    check(np.allclose(buckets[:, 0], edges[:-1], rtol=0, atol=1e-6) and np.allclose(buckets[:, 1], edges[1:], rtol=0, atol=1e-6),
          f"{where}: bucket edges are not {k} equal-width buckets over [min, max]")


def check_plugin_reader(run_dir, run, expected_run):
    acc = plugin.EventAccumulator(run_dir, size_guidance={plugin.TENSORS: 0})
    acc.Reload()
    scalars, histos = split(expected_run)
    got_scalars = set(acc.PluginTagToContent("scalars")) if "scalars" in acc.ActivePlugins() else set()
    got_histos = set(acc.PluginTagToContent("histograms")) if "histograms" in acc.ActivePlugins() else set()
    check(got_scalars == set(scalars), f"{run}: scalar tags {sorted(got_scalars)} != expected {sorted(scalars)}")
    check(got_histos == set(histos), f"{run}: histogram tags {sorted(got_histos)} != expected {sorted(histos)}")
    for tag, points in scalars.items():
        got = [(e.step, float(tensor_util.make_ndarray(e.tensor_proto).item())) for e in acc.Tensors(tag)]
        check_scalar_points(f"plugin reader {run}/{tag}", got, points)
    for tag, points in histos.items():
        events = acc.Tensors(tag)
        check([e.step for e in events] == [p["step"] for p in points], f"plugin reader {run}/{tag}: steps {[e.step for e in events]}")
        for e, p in zip(events, points):
            check_buckets(f"plugin reader {run}/{tag} step {e.step}", tensor_util.make_ndarray(e.tensor_proto), p["values"])
    return len(scalars), len(histos)


def check_legacy_reader(run_dir, run, expected_run):
    acc = legacy.EventAccumulator(run_dir, size_guidance={legacy.SCALARS: 0, legacy.HISTOGRAMS: 0})
    acc.Reload()
    tags = acc.Tags()
    scalars, histos = split(expected_run)
    check(set(tags["scalars"]) == set(scalars), f"legacy {run}: scalar tags {sorted(tags['scalars'])}")
    check(set(tags["histograms"]) == set(histos), f"legacy {run}: histogram tags {sorted(tags['histograms'])}")
    # The legacy reader parses the first record's "brain.Event:2" into 2.0.
    check(acc.file_version == 2.0, f"legacy {run}: file_version {acc.file_version!r}")
    for tag, points in scalars.items():
        check_scalar_points(f"legacy {run}/{tag}", [(e.step, e.value) for e in acc.Scalars(tag)], points)
    for tag, points in histos.items():
        events = acc.Histograms(tag)
        check([e.step for e in events] == [p["step"] for p in points], f"legacy {run}/{tag}: steps")
        for e, p in zip(events, points):
            h = e.histogram_value
            v = np.asarray(p["values"], dtype=np.float64)
            where = f"legacy {run}/{tag} step {e.step}"
            check((h.min, h.max, h.num) == (v.min(), v.max(), v.size), f"{where}: min/max/num {(h.min, h.max, h.num)} != {(v.min(), v.max(), v.size)}")
            check(abs(h.sum - v.sum()) <= 1e-12 * max(1, np.abs(v).sum()), f"{where}: sum {h.sum} != {v.sum()}")
            check(abs(h.sum_squares - (v * v).sum()) <= 1e-12 * max(1, (v * v).sum()), f"{where}: sum_squares {h.sum_squares} != {(v * v).sum()}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(port, path, **query):
    url = f"http://127.0.0.1:{port}{path}" + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def check_server(logdir, expected, load_fast):
    """Starts `tensorboard` on logdir and reads every expected tag back over HTTP."""
    exe = os.path.join(os.path.dirname(sys.executable), "tensorboard")
    port = free_port()
    # Its log goes to a file: a pipe nobody reads would fill and stall the server.
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen([exe, "--logdir", logdir, "--port", str(port), "--host", "127.0.0.1", f"--load_fast={load_fast}"],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log, text=True)

    def server_log():
        log.seek(0)
        return log.read()[-2000:]

    try:
        deadline = time.time() + 60
        while True:
            try:
                tags = get_json(port, "/data/plugin/scalars/tags")
                if all(run in tags and set(split(expected[run])[0]) <= set(tags[run]) for run in expected if expected[run]):
                    break
            except OSError:
                pass
            check(proc.poll() is None, f"tensorboard --load_fast={load_fast} exited: {server_log()}")
            check(time.time() < deadline, f"tensorboard --load_fast={load_fast}: tags not all loaded within 60 s: {server_log()}")
            time.sleep(0.5)
        for run, expected_run in expected.items():
            scalars, histos = split(expected_run)
            for tag, points in scalars.items():
                got = [(step, value) for _, step, value in get_json(port, "/data/plugin/scalars/scalars", run=run, tag=tag)]
                check_scalar_points(f"server(load_fast={load_fast}) {run}/{tag}", got, points)
            for tag, points in histos.items():
                got = get_json(port, "/data/plugin/histograms/histograms", run=run, tag=tag)
                check([step for _, step, _ in got] == [p["step"] for p in points], f"server {run}/{tag}: steps")
                for (_, step, buckets), p in zip(got, points):
                    check_buckets(f"server(load_fast={load_fast}) {run}/{tag} step {step}", np.asarray(buckets, dtype=np.float32), p["values"])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logdir")
    parser.add_argument("expected")
    parser.add_argument("--serve", action="store_true", help="also check through the tensorboard server's HTTP API")
    args = parser.parse_args()
    import tensorboard

    with open(args.expected) as f:
        expected = {run: tags for run, tags in json.load(f).items() if tags}
    try:
        for run, expected_run in expected.items():
            run_dir = os.path.join(args.logdir, run)
            files = [n for n in os.listdir(run_dir) if "tfevents" in n]
            check(len(files) == 1, f"{run}: expected one event file, found {files}")
            n_scalars, n_histos = check_plugin_reader(run_dir, run, expected_run)
            check_legacy_reader(run_dir, run, expected_run)
            points = sum(len(ps) for ps in expected_run.values())
            print(f"{run}: {files[0]}: {n_scalars} scalar tags, {n_histos} histogram tags, {points} points match (plugin and legacy EventAccumulator)")
        if args.serve:
            for load_fast in ("true", "false"):
                check_server(args.logdir, expected, load_fast)
                print(f"tensorboard server --load_fast={load_fast}: every tag, step and value matches over HTTP")
    except Mismatch as e:
        print(f"MISMATCH: {e}")
        return 1
    print(f"OK: tensorboard {tensorboard.__version__} reads {args.logdir} as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
