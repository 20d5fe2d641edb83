#!/usr/bin/python3
"""PyTorch (CPU) rows of the lstm-ts benchmark.

Invoked by bench/run.ts, one process per job:
    /usr/bin/python3 bench/torch_bench.py JOB.json   -> one job (same JSON as the Node workers)
    /usr/bin/python3 bench/torch_bench.py --info N   -> versions, BLAS, matmul GFLOP/s on N threads
The caller sets OPENBLAS_NUM_THREADS / OMP_NUM_THREADS to the job's thread count: Debian's
OpenBLAS (pthread build) keeps its own thread pool that torch.set_num_threads does not limit.
It reads the workload's fp32 data from the files run.ts wrote (same bytes as every other
runner) and prints one line '@@BENCH_RESULT {json}'.

Same models as the Keras ones: nn.Embedding -> nn.LSTM/GRU(batch_first) -> nn.Linear with
cross-entropy on logits (what a softmax layer + sparse categorical cross-entropy computes),
Adam(lr=1e-3). PyTorch's LSTM/GRU carry two bias vectors (b_ih + b_hh), Keras's one: a
negligible difference in work. nn.GRU is the reset-after form.
"""
import json
import os
import re
import resource
import sys
import time

MARKER = "@@BENCH_RESULT "


def rss_mib():
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(obj):
    print(MARKER + json.dumps(obj), flush=True)


def loaded_blas():
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if "blas" in name or "lapack" in name or "mkl" in name:
                libs.add(os.path.realpath(path))
    return sorted(libs)


def matmul_gflops(torch, n, threads):
    torch.set_num_threads(threads)
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    for _ in range(3):
        a @ b
    reps = max(5, min(200, int(1e10 / (2 * n**3))))
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    times.sort()
    return 2 * n**3 / times[len(times) // 2] / 1e9


def detected_core():
    """OpenBLAS's kernel choice, from openblas_get_corename() in the loaded library."""
    try:
        import ctypes
        for lib in loaded_blas():
            if "openblas" in os.path.basename(lib):
                f = ctypes.CDLL(lib).openblas_get_corename
                f.restype = ctypes.c_char_p
                return f().decode()
    except Exception:  # noqa: BLE001
        pass
    return None


def coretype_probe():
    """1-thread 512x512 matmul GFLOP/s under the current OPENBLAS_CORETYPE (or autodetection)."""
    try:
        import torch
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "reason": f"import torch failed: {e}"})
        return
    emit({"ok": True, "gflops": round(matmul_gflops(torch, 512, 1), 1), "detectedCore": detected_core()})


def info(threads):
    try:
        import torch
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "reason": f"import torch failed: {e}"})
        return
    torch.zeros(2, 2) @ torch.zeros(2, 2)  # loads the BLAS
    cfg = torch.__config__.show()
    blas_info = " ".join(m.group(0) for m in re.finditer(r"(BLAS_INFO|LAPACK_INFO)=\w+", cfg))
    gf = {}
    for n in (256, 512, 1024):
        gf[f"{n}x{n} {threads}t"] = round(matmul_gflops(torch, n, threads), 1)
    emit({
        "ok": True,
        "version": torch.__version__,
        "blasInfo": blas_info.strip(),
        "loadedBlas": loaded_blas(),
        "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        "openblasCore": detected_core(),
        "cpuCapability": next((l.strip().lstrip("- ") for l in cfg.splitlines() if "CPU capability" in l), ""),
        "openblasNumThreads": os.environ.get("OPENBLAS_NUM_THREADS", "(unset)"),
        "defaultThreads": torch.get_num_threads(),
        "matmulGflops": gf,
        "config": cfg,
    })


def load(path, shape):
    import torch
    with open(path, "rb") as f:
        buf = bytearray(f.read())
    return torch.frombuffer(buf, dtype=torch.float32).reshape(shape).clone()


def run_job(job):
    import torch
    from torch import nn

    w = job["workload"]
    torch.set_num_threads(job["threads"])
    torch.manual_seed(job["seed"])
    B, T, I, H = w["batch"], w["seq"], w["input"], w["hidden"]
    d = job["dataDir"]
    x = load(os.path.join(d, w["id"] + ".x.f32"), job["xShape"])
    Rnn = nn.LSTM if w["cell"] == "lstm" else nn.GRU

    if w["kind"] == "charlm":
        V = w["vocab"]

        class CharLm(nn.Module):
            def __init__(self):
                super().__init__()
                self.emb = nn.Embedding(V, I)
                self.rnn = Rnn(I, H, batch_first=True)
                self.out = nn.Linear(H, V)

            def forward(self, ids):
                h, _ = self.rnn(self.emb(ids))
                return self.out(h)

        model = CharLm()
        ids = x.long()
        y = load(os.path.join(d, w["id"] + ".y.f32"), job["yShape"]).long().reshape(-1)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        lossf = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss = lossf(model(ids).reshape(-1, V), y)
            loss.backward()
            opt.step()
            return loss.item()

    elif w["kind"] == "regression":

        class Reg(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = Rnn(I, H, batch_first=True)
                self.out = nn.Linear(H, 1)

            def forward(self, v):
                h, _ = self.rnn(v)
                return self.out(h[:, -1])

        model = Reg()
        y = load(os.path.join(d, w["id"] + ".y.f32"), job["yShape"])
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        lossf = nn.MSELoss()

        def step():
            opt.zero_grad()
            loss = lossf(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()

    else:
        rnn = Rnn(I, H, batch_first=True).eval()
        ret_seq = w["returnSequences"]

        def step():
            with torch.inference_mode():
                out, _ = rnn(x)
                out = out if ret_seq else out[:, -1]
                return float(out.reshape(-1)[-1])

    timing = job["timing"]
    w0 = time.perf_counter()
    i = 0
    while i < max(1, timing["warmup"]) or (time.perf_counter() - w0) * 1000 < timing["warmupMs"]:
        check = step()
        i += 1
    rss_setup = rss_mib()
    samples = []
    spent = 0.0
    cpu0 = time.process_time()
    while len(samples) < timing["maxReps"] and (len(samples) < timing["minReps"] or spent < timing["budgetMs"]):
        t0 = time.perf_counter()
        check = step()
        dt = (time.perf_counter() - t0) * 1000
        samples.append(dt)
        spent += dt
    cpu_per_wall = (time.process_time() - cpu0) * 1000 / spent
    note = "nn.GRU is the reset-after form" if w["cell"] == "gru" else ""
    emit({
        "ok": True,
        "samplesMs": samples,
        "cpuPerWall": cpu_per_wall,
        "sameWorkload": True,
        "rssSetupMiB": rss_setup,
        "peakRssMiB": peak_rss_mib(),
        "check": check,
        "note": note,
        "facts": {"version": torch.__version__, "threads": torch.get_num_threads()},
    })


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--coretype-probe":
        coretype_probe()
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--info":
        info(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
        return
    with open(sys.argv[1]) as f:
        job = json.load(f)
    try:
        import torch  # noqa: F401
    except Exception as e:  # noqa: BLE001
        emit({"ok": False, "reason": f"import torch failed: {e}"})
        return
    run_job(job)


if __name__ == "__main__":
    main()
