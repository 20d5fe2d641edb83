/**
 * One LSTM step as HTML: the Keras equations for one unit with the actual numbers plugged
 * in, then every unit's gates and states in a table. The numbers come from the library's
 * `explainLstmStep` (float64), the same worked cell the CLI's `lstm explain` prints.
 */
import type { explainLstmStep } from '../../src/index.ts';
import { esc, showChar } from './dom.ts';

export type StepExplanation = ReturnType<typeof explainLstmStep>;

const D = 4;

function n(v: number): string {
  return v.toFixed(D);
}

/** A number inside a sum or product: negatives in parentheses. */
function term(v: number): string {
  const s = n(v);
  return v < 0 ? `(${s})` : s;
}

function preview(values: readonly number[], shown = 6): string {
  const head = values.slice(0, shown).map((v) => v.toFixed(2)).join(', ');
  return `[${head}${values.length > shown ? ', …' : ''}]`;
}

export function renderStep(r: StepExplanation, t: number, u: number, token: string): string {
  const U = r.units;
  const sigma = r.recurrentActivation === 'sigmoid' ? 'σ' : 'hσ';
  const gateRow = (gate: 'i' | 'f' | 'c' | 'o', k: number): string => {
    const col = k * U + u;
    return `<tr><th scope="row">z<sub>${gate}</sub> = x·W<sub>${gate}</sub> + h<sub>prev</sub>·U<sub>${gate}</sub> + b<sub>${gate}</sub></th>` +
      `<td>= ${term(r.xW[col]!)} + ${term(r.hU[col]!)} + ${term(r.b[col]!)}</td><td>= ${n(r.z[col]!)}</td></tr>`;
  };
  const actRow = (name: string, fn: string, gate: 'i' | 'f' | 'c' | 'o', value: number): string =>
    `<tr><th scope="row">${name} = ${fn}(z<sub>${gate}</sub>)</th><td>= ${fn}(${n(r.preActivations[gate][u]!)})</td><td>= ${n(value)}</td></tr>`;
  const equations = [
    gateRow('i', 0),
    gateRow('f', 1),
    gateRow('c', 2),
    gateRow('o', 3),
    actRow('i', sigma, 'i', r.i[u]!),
    actRow('f', sigma, 'f', r.f[u]!),
    actRow('g', 'tanh', 'c', r.g[u]!),
    actRow('o', sigma, 'o', r.o[u]!),
    `<tr><th scope="row">c = f·c<sub>prev</sub> + i·g</th><td>= ${term(r.f[u]!)}·${term(r.cPrev[u]!)} + ${term(r.i[u]!)}·${term(r.g[u]!)}</td><td>= ${n(r.c[u]!)}</td></tr>`,
    `<tr><th scope="row">h = o·tanh(c)</th><td>= ${term(r.o[u]!)}·tanh(${n(r.c[u]!)}) = ${term(r.o[u]!)}·${term(r.tanhC[u]!)}</td><td>= ${n(r.h[u]!)}</td></tr>`,
  ].join('');
  const unitRows = Array.from({ length: U }, (_, k) => {
    const cells = [r.i[k]!, r.f[k]!, r.g[k]!, r.o[k]!, r.cPrev[k]!, r.c[k]!, r.h[k]!].map((v) => `<td>${n(v)}</td>`).join('');
    return `<tr${k === u ? ' class="selected"' : ''}><th scope="row">${k}</th>${cells}</tr>`;
  }).join('');
  return `
<p>Step <strong>${t}</strong> reads <strong>'${esc(showChar(token))}'</strong>: x is its embedding (${r.inputDim} numbers, ${esc(preview(r.x))});
h<sub>prev</sub> and c<sub>prev</sub> are the states after step ${t - 1}${t === 0 ? ' (zeros before the first step)' : ''}.
W, U and b are the layer's kernel, recurrent kernel and bias (Keras layout, gates i, f, c, o). Unit <strong>${u}</strong>:</p>
<table class="equations" data-h="${r.h[u]}" data-c="${r.c[u]}"><caption class="visually-hidden">Equations of unit ${u} at step ${t}</caption>
<tbody>${equations}</tbody></table>
<div class="table-scroll"><table class="units"><caption>All ${U} units at step ${t}</caption>
<thead><tr><th scope="col">unit</th><th scope="col">i</th><th scope="col">f</th><th scope="col">g</th><th scope="col">o</th><th scope="col">c<sub>prev</sub></th><th scope="col">c</th><th scope="col">h</th></tr></thead>
<tbody>${unitRows}</tbody></table></div>`;
}
