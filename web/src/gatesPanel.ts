/**
 * The Look inside tab: heatmaps over time of the first LSTM layer's gates and states for an
 * input string (rows = units, columns = characters), and one time step worked through with
 * the equations and the actual numbers. The worker traces the gates with the library's
 * `traceLstmGates`; the step view redoes the chosen step on this thread with
 * `explainLstmStep` from the same weights, so its numbers are the heatmap's numbers.
 */
import { explainLstmStep, formatExplanation } from '../../src/index.ts';
import { byId, esc, intValue, showChar } from './dom.ts';
import { type Palette, cellBox, heatmapSvg } from './heatmap.ts';
import type { GateView } from './protocol.ts';
import type { TextSession } from './textSession.ts';
import { renderStep } from './stepView.ts';

const MARKUP = `
<section class="card" aria-labelledby="gates-heading">
  <h2 id="gates-heading">Gates over time, first LSTM layer</h2>
  <p class="hint">Each map has one row per unit and one column per character of the input. Gates run from 0 (shut) to 1 (open);
  the candidate, cell and hidden states are signed (blue negative, red positive). Hover a cell for its value; click it to work through that step below.</p>
  <div class="grid">
    <div class="field wide"><label for="gate-input">Input text (up to 120 characters)</label><input id="gate-input" type="text" maxlength="120" value="call me ishmael. some years ago"></div>
  </div>
  <div class="buttons"><button id="show-gates" type="button" class="primary">Show gates</button></div>
  <p id="gate-status" class="status" role="status"></p>
  <p id="gate-readout" class="readout" aria-live="polite">Hover a cell to see its value.</p>
  <div id="heatmaps" class="heatmaps"></div>
</section>
<section class="card" aria-labelledby="step-heading">
  <h2 id="step-heading">One time step, worked through</h2>
  <div class="grid step-controls">
    <div class="field wide">
      <label for="step-t">Time step <output id="step-t-value" for="step-t">0</output></label>
      <input id="step-t" type="range" min="0" max="0" step="1" value="0" disabled>
    </div>
    <div class="field"><label for="step-unit">Unit</label><input id="step-unit" type="number" min="0" max="0" step="1" value="0" disabled></div>
  </div>
  <div class="buttons">
    <button id="step-prev" type="button" disabled>Previous step</button>
    <button id="step-next" type="button" disabled>Next step</button>
  </div>
  <div id="step-view" class="step-view"><p class="hint">Show the gates first.</p></div>
  <details id="step-details">
    <summary>The whole step as the CLI's <code>lstm explain</code> prints it</summary>
    <pre id="step-explain" class="explain"></pre>
  </details>
</section>`;

interface MapSpec {
  key: 'i' | 'f' | 'o' | 'g' | 'c' | 'h';
  title: string;
  palette: Palette;
}

function mapSpecs(sigma: string): MapSpec[] {
  return [
    { key: 'i', title: `input gate i = ${sigma}(z_i)`, palette: 'sequential' },
    { key: 'f', title: `forget gate f = ${sigma}(z_f)`, palette: 'sequential' },
    { key: 'o', title: `output gate o = ${sigma}(z_o)`, palette: 'sequential' },
    { key: 'g', title: 'candidate g = tanh(z_c)', palette: 'diverging' },
    { key: 'c', title: 'cell state c = f·c_prev + i·g', palette: 'diverging' },
    { key: 'h', title: 'hidden state h = o·tanh(c)', palette: 'diverging' },
  ];
}

/** `[time][units]` → `[units][time]`: the heatmaps have units as rows. */
function transpose(m: readonly (readonly number[])[]): number[][] {
  const units = m[0]?.length ?? 0;
  return Array.from({ length: units }, (_, u) => m.map((row) => row[u]!));
}

export function mountGatesPanel(root: HTMLElement, session: TextSession): void {
  root.innerHTML = MARKUP;
  const q = <T extends Element>(id: string, type: new () => T): T => byId(root, id, type);
  const input = q('gate-input', HTMLInputElement);
  const showButton = q('show-gates', HTMLButtonElement);
  const status = q('gate-status', HTMLElement);
  const readout = q('gate-readout', HTMLElement);
  const maps = q('heatmaps', HTMLElement);
  const stepT = q('step-t', HTMLInputElement);
  const stepTValue = q('step-t-value', HTMLOutputElement);
  const stepUnit = q('step-unit', HTMLInputElement);
  const prev = q('step-prev', HTMLButtonElement);
  const next = q('step-next', HTMLButtonElement);
  const stepView = q('step-view', HTMLElement);
  const details = q('step-details', HTMLDetailsElement);
  const explainText = q('step-explain', HTMLElement);

  let view: GateView | null = null;

  const showStep = (): void => {
    if (!view) return;
    const t = Math.min(intValue(stepT), view.tokens.length - 1);
    const u = Math.min(intValue(stepUnit), view.units - 1);
    stepTValue.value = `${t} ('${showChar(view.tokens[t]!)}')`;
    prev.disabled = t === 0;
    next.disabled = t === view.tokens.length - 1;
    const step = explainLstmStep({
      kernel: view.cell.kernel,
      recurrentKernel: view.cell.recurrentKernel,
      bias: view.cell.bias,
      x: view.inputs[t]!,
      hPrev: t > 0 ? view.trace.h[t - 1] : undefined,
      cPrev: t > 0 ? view.trace.c[t - 1] : undefined,
      recurrentActivation: view.cell.recurrentActivation,
    });
    stepView.innerHTML = renderStep(step, t, u, view.tokens[t]!);
    stepView.dataset['t'] = String(t);
    stepView.dataset['unit'] = String(u);
    if (details.open) explainText.textContent = formatExplanation(step, { decimals: 4, weights: false, arithmetic: false });
    for (const cursor of maps.querySelectorAll<SVGRectElement>('rect.cursor')) {
      const box = cellBox(view.units, 0, t);
      cursor.setAttribute('x', String(box.x));
      cursor.setAttribute('visibility', 'visible');
    }
  };
  details.addEventListener('toggle', showStep);

  const draw = (v: GateView): void => {
    view = v;
    const sigma = v.cell.recurrentActivation === 'sigmoid' ? 'σ' : 'hσ';
    // The cell state is unbounded: colour it by its 98th percentile of |c| so a few large
    // cells do not wash out the rest (the tooltips still show the exact values).
    const magnitudes = v.trace.c.flat().map(Math.abs).sort((a, b) => a - b);
    const cMax = Math.max(1e-6, magnitudes[Math.floor(0.98 * (magnitudes.length - 1))] ?? 0);
    maps.innerHTML = mapSpecs(sigma)
      .map((spec) => {
        const domain: [number, number] = spec.palette === 'sequential' ? [0, 1] : spec.key === 'c' ? [-cMax, cMax] : [-1, 1];
        const svg = heatmapSvg({ key: spec.key, title: spec.title, values: transpose(v.trace[spec.key]), columns: v.tokens, domain, palette: spec.palette });
        return `<figure class="heatmap-figure"><figcaption>${esc(spec.title)}</figcaption>${svg}</figure>`;
      })
      .join('');
    stepT.max = String(v.tokens.length - 1);
    stepUnit.max = String(v.units - 1);
    stepT.disabled = false;
    stepUnit.disabled = false;
    if (intValue(stepT) > v.tokens.length - 1) stepT.value = '0';
    showStep();
  };

  const show = (): void => {
    showButton.disabled = true;
    status.textContent = 'Tracing…';
    session.client
      .call('trace', { text: input.value })
      .then((v) => {
        draw(v);
        status.textContent = `${v.units} units × ${v.tokens.length} characters, ${v.cell.recurrentActivation} gates.`;
      })
      .catch((error: unknown) => (status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (showButton.disabled = false));
  };
  showButton.addEventListener('click', show);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') show();
  });

  // One listener for every cell of every map.
  const cellOf = (e: Event): SVGRectElement | null => {
    const target = e.target;
    return target instanceof SVGRectElement && target.classList.contains('cell') ? target : null;
  };
  maps.addEventListener('mouseover', (e) => {
    const cell = cellOf(e);
    if (!cell) return;
    const map = cell.closest('svg')?.dataset['gate'] ?? '';
    readout.textContent = `${map}: ${cell.querySelector('title')?.textContent ?? ''}`;
  });
  maps.addEventListener('click', (e) => {
    const cell = cellOf(e);
    if (!cell) return;
    stepT.value = cell.dataset['t'] ?? '0';
    stepUnit.value = cell.dataset['u'] ?? '0';
    showStep();
  });
  stepT.addEventListener('input', showStep);
  stepUnit.addEventListener('input', showStep);
  prev.addEventListener('click', () => {
    stepT.value = String(Math.max(0, intValue(stepT) - 1));
    showStep();
  });
  next.addEventListener('click', () => {
    stepT.value = String(intValue(stepT) + 1);
    showStep();
  });

  session.on((event) => {
    if (event.type === 'state' && event.state === 'loaded') status.textContent = `Model loaded (${event.info?.source ?? ''}); press Show gates.`;
  });
}
