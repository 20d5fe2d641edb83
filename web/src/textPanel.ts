/**
 * The Text tab: choose or paste a corpus and the model's sizes, train in the worker with a
 * live loss curve, progress bar, speed and Stop/Resume, and generate from the current
 * weights at any time (while training too) with a temperature and a seed prompt.
 */
import { CORPORA } from './corpora.ts';
import { byId, count, fmt, intValue, numberValue } from './dom.ts';
import { type ChartSeries, lineChartSvg } from './lineChart.ts';
import type { TextEvent, TextProgress, TextSettings, TrainState } from './protocol.ts';
import type { TextSession } from './textSession.ts';

const MARKUP = `
<div class="columns">
  <section class="card" aria-labelledby="text-data-heading">
    <h2 id="text-data-heading">Data and model</h2>
    <div class="field">
      <label for="corpus">Corpus</label>
      <select id="corpus">
        ${CORPORA.map((c) => `<option value="${c.id}">${c.name}</option>`).join('')}
        <option value="custom">Your own text (paste it below)</option>
      </select>
    </div>
    <div class="field">
      <label for="corpus-text">Training text</label>
      <textarea id="corpus-text" rows="6" spellcheck="false"></textarea>
      <small id="corpus-size" class="hint"></small>
    </div>
    <div class="grid">
      <div class="field"><label for="units">Units per layer</label><input id="units" type="number" min="2" max="256" step="1" value="128"></div>
      <div class="field"><label for="layers">LSTM layers</label><input id="layers" type="number" min="1" max="3" step="1" value="1"></div>
      <div class="field"><label for="seq-length">Sequence length</label><input id="seq-length" type="number" min="4" max="200" step="1" value="64"></div>
      <div class="field"><label for="epochs">Passes over the text</label><input id="epochs" type="number" min="1" max="100" step="1" value="20"></div>
    </div>
    <details>
      <summary>More settings</summary>
      <div class="grid">
        <div class="field"><label for="embedding-dim">Embedding size</label><input id="embedding-dim" type="number" min="2" max="128" step="1" value="32"></div>
        <div class="field"><label for="batch-size">Batch size</label><input id="batch-size" type="number" min="1" max="256" step="1" value="32"></div>
        <div class="field"><label for="learning-rate">Learning rate</label><input id="learning-rate" type="number" min="0.0001" max="0.1" step="0.0005" value="0.01"></div>
        <div class="field"><label for="text-seed">Random seed</label><input id="text-seed" type="number" min="0" max="1000000" step="1" value="42"></div>
        <div class="field checkbox"><input id="lower" type="checkbox" checked><label for="lower">Lower-case the text</label></div>
      </div>
    </details>
    <div class="buttons">
      <button id="train" type="button" class="primary">Train</button>
      <button id="stop" type="button" disabled>Stop</button>
      <button id="resume" type="button" disabled>Resume</button>
    </div>
    <progress id="train-progress" max="1" value="0" aria-label="Training progress"></progress>
    <p id="train-stats" class="stats">No model yet.</p>
    <p id="train-status" class="status" role="status"></p>
  </section>
  <section class="card" aria-labelledby="text-loss-heading">
    <h2 id="text-loss-heading">Loss</h2>
    <div id="loss-chart" class="chart-box" data-batches="0"></div>
  </section>
</div>
<section class="card" aria-labelledby="text-gen-heading">
  <h2 id="text-gen-heading">Generate</h2>
  <div class="grid">
    <div class="field wide"><label for="prompt">Seed prompt</label><input id="prompt" type="text" value="call me ishmael. "></div>
    <div class="field">
      <label for="temperature">Temperature <output id="temperature-value" for="temperature">0.60</output></label>
      <input id="temperature" type="range" min="0.1" max="2" step="0.05" value="0.6">
    </div>
    <div class="field"><label for="gen-length">Characters</label><input id="gen-length" type="number" min="1" max="2000" step="1" value="200"></div>
  </div>
  <div class="buttons"><button id="generate" type="button" disabled>Generate</button></div>
  <pre id="sample" class="sample" aria-live="polite" aria-label="Generated text"></pre>
  <h3>Samples as training goes on <small class="hint">(one every few seconds, temperature as set above)</small></h3>
  <ul id="samples" class="samples" aria-label="Samples taken during training, newest first"></ul>
</section>`;

/** Seconds between the automatic samples taken while training. */
const AUTO_SAMPLE_SECONDS = 3;

export function mountTextPanel(root: HTMLElement, session: TextSession): void {
  root.innerHTML = MARKUP;
  const q = <T extends Element>(id: string, type: new () => T): T => byId(root, id, type);
  const corpus = q('corpus', HTMLSelectElement);
  const corpusText = q('corpus-text', HTMLTextAreaElement);
  const corpusSize = q('corpus-size', HTMLElement);
  const trainButton = q('train', HTMLButtonElement);
  const stopButton = q('stop', HTMLButtonElement);
  const resumeButton = q('resume', HTMLButtonElement);
  const progressBar = q('train-progress', HTMLProgressElement);
  const stats = q('train-stats', HTMLElement);
  const status = q('train-status', HTMLElement);
  const chart = q('loss-chart', HTMLElement);
  const prompt = q('prompt', HTMLInputElement);
  const temperature = q('temperature', HTMLInputElement);
  const temperatureValue = q('temperature-value', HTMLOutputElement);
  const genLength = q('gen-length', HTMLInputElement);
  const generateButton = q('generate', HTMLButtonElement);
  const sample = q('sample', HTMLElement);
  const samples = q('samples', HTMLUListElement);

  const num = (id: string): HTMLInputElement => q(id, HTMLInputElement);

  const showCorpus = (): void => {
    const chosen = CORPORA.find((c) => c.id === corpus.value);
    if (chosen) {
      corpusText.value = chosen.text();
      // Follow the corpus unless the visitor typed a prompt of their own.
      if (CORPORA.some((c) => c.prompt === prompt.value)) prompt.value = chosen.prompt;
    }
    corpusSize.textContent = `${count(corpusText.value.length)} characters`;
  };
  corpus.addEventListener('change', showCorpus);
  corpusText.addEventListener('input', () => {
    corpus.value = 'custom';
    corpusSize.textContent = `${count(corpusText.value.length)} characters`;
  });
  showCorpus();
  temperature.addEventListener('input', () => (temperatureValue.value = Number(temperature.value).toFixed(2)));

  // The loss curve's data, reset by every press of Train.
  let run = 0;
  let points: [number, number][] = [];
  let validation: [number, number][] = [];
  let baseline = NaN;
  let last: TextProgress | null = null;
  let drawPending = false;

  const settings = (): TextSettings => ({
    units: intValue(num('units')),
    layers: intValue(num('layers')),
    seqLength: intValue(num('seq-length')),
    batchSize: intValue(num('batch-size')),
    embeddingDim: intValue(num('embedding-dim')),
    learningRate: numberValue(num('learning-rate')),
    epochs: intValue(num('epochs')),
    lower: num('lower').checked,
    seed: intValue(num('text-seed')),
  });

  const draw = (): void => {
    drawPending = false;
    if (points.length === 0) {
      chart.innerHTML = '<p class="hint">The loss curve appears here when training starts.</p>';
      chart.dataset['batches'] = '0';
      return;
    }
    const series: ChartSeries[] = [
      { name: 'training (per batch)', points: downsample(points, 300), className: 'line-raw' },
      { name: 'training (smoothed)', points: smooth(points), className: 'line-main' },
      { name: 'held-out', points: validation, className: 'line-valid', style: 'dots' },
    ];
    if (Number.isFinite(baseline) && points.length > 0) {
      const xs = [points[0]![0], points[points.length - 1]![0]];
      series.push({ name: 'unigram baseline', points: xs.map((x) => [x, baseline] as const), className: 'line-base', style: 'dashed' });
    }
    chart.innerHTML = lineChartSvg({ title: 'Cross-entropy, nats per character', xLabel: 'characters seen', yLabel: 'nats/char', series, width: 560, height: 280 });
    // For tests and scripts: how many batches, and the mean loss of the first and last five.
    chart.dataset['batches'] = String(points.length);
    chart.dataset['lossFirst'] = String(mean(points.slice(0, 5).map((p) => p[1])));
    chart.dataset['lossLast'] = String(mean(points.slice(-5).map((p) => p[1])));
  };
  const scheduleDraw = (): void => {
    if (!drawPending) {
      drawPending = true;
      requestAnimationFrame(draw);
    }
  };

  const onProgress = (p: TextProgress): void => {
    if (p.run !== run) return; // a batch from a run that Train has replaced
    last = p;
    points.push([p.tokens, p.loss]);
    if (p.validationLoss !== null) validation.push([p.tokens, p.validationLoss]);
    baseline = p.unigramBaseline;
    progressBar.value = p.tokens / Math.max(p.totalTokens, 1);
    progressBar.setAttribute('aria-valuetext', `${Math.round(progressBar.value * 100)} percent`);
    const lastValid = validation.at(-1)?.[1] ?? NaN;
    stats.textContent =
      `batch ${count(p.batch)} · ${count(p.tokens)} of ${count(p.totalTokens)} characters · loss ${fmt(p.loss)}` +
      ` · held-out ${fmt(lastValid)} (unigram ${fmt(p.unigramBaseline)}) · ${count(p.tokensPerSecond)} chars/s`;
    stats.dataset['tokensPerSecond'] = String(p.tokensPerSecond);
    stats.dataset['seconds'] = String(p.seconds);
    scheduleDraw();
  };

  const setButtons = (state: TrainState): void => {
    const hasModel = state !== 'empty';
    stopButton.disabled = state !== 'training';
    resumeButton.disabled = !(state === 'stopped' && session.info?.trainable === true && last !== null && last.tokens < last.totalTokens);
    generateButton.disabled = !hasModel;
    root.dataset['state'] = state;
  };

  session.on((event: TextEvent) => {
    switch (event.type) {
      case 'progress':
        onProgress(event.progress);
        break;
      case 'state':
        status.textContent = event.message;
        if (event.state === 'loaded') {
          // The curve belonged to the model that was replaced.
          run++;
          points = [];
          validation = [];
          last = null;
          scheduleDraw();
          stats.textContent = describeLoaded(event.info);
          progressBar.value = 0;
        }
        setButtons(event.state);
        break;
      case 'failed':
        status.textContent = `Error: ${event.message}`;
        break;
      case 'ready':
        break;
    }
  });

  trainButton.addEventListener('click', () => {
    run++;
    points = [];
    validation = [];
    last = null;
    samples.replaceChildren();
    sample.textContent = '';
    progressBar.value = 0;
    status.textContent = 'Building the model…';
    scheduleDraw();
    session.client.command({ type: 'start', run, text: corpusText.value, corpusName: corpus.selectedOptions[0]?.text ?? 'pasted text', settings: settings() });
  });
  stopButton.addEventListener('click', () => session.client.command({ type: 'stop' }));
  resumeButton.addEventListener('click', () => session.client.command({ type: 'resume' }));

  let generation = 0;
  const generate = async (length: number): Promise<string> => {
    const { text } = await session.client.call('generate', {
      prompt: prompt.value,
      length,
      temperature: numberValue(temperature),
      seed: ++generation,
    });
    return text;
  };
  generateButton.addEventListener('click', () => {
    generateButton.disabled = true;
    generate(intValue(genLength))
      .then((text) => {
        sample.textContent = `${prompt.value}${text}`;
        sample.dataset['generated'] = String(text.length);
      })
      .catch((error: unknown) => (status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (generateButton.disabled = session.state === 'empty'));
  });

  // While training, take a short sample every few seconds so the improvement shows.
  let sampling = false;
  window.setInterval(() => {
    if (session.state !== 'training' || sampling || last === null) return;
    sampling = true;
    const at = last.tokens;
    generate(100)
      .then((text) => {
        const item = document.createElement('li');
        item.textContent = `after ${count(at)} characters: ${prompt.value}${text}`;
        samples.prepend(item);
        while (samples.children.length > 6) samples.lastElementChild?.remove();
      })
      .catch(() => undefined) // the model may have been replaced meanwhile; the next tick retries
      .finally(() => (sampling = false));
  }, AUTO_SAMPLE_SECONDS * 1000);

  setButtons('empty');
  scheduleDraw();
}

function describeLoaded(info: { source: string; units: number; layers: number; vocabSize: number; parameters: number } | null): string {
  if (!info) return 'No model.';
  return `Loaded ${info.source}: ${info.layers} × LSTM(${info.units}), ${info.vocabSize} characters, ${count(info.parameters)} parameters. Generate, or look inside.`;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** At most `max` points, each the mean of a run of neighbours (keeps the curve's shape). */
function downsample(points: readonly [number, number][], max: number): [number, number][] {
  if (points.length <= max) return [...points];
  const size = points.length / max;
  const out: [number, number][] = [];
  for (let k = 0; k < max; k++) {
    const part = points.slice(Math.floor(k * size), Math.floor((k + 1) * size));
    out.push([mean(part.map((p) => p[0])), mean(part.map((p) => p[1]))]);
  }
  return out;
}

/** Exponential moving average with a bias correction, so the first points are not dragged to 0. */
function smooth(points: readonly [number, number][], beta = 0.9): [number, number][] {
  let avg = 0;
  const out = points.map(([x, y], i): [number, number] => {
    avg = beta * avg + (1 - beta) * y;
    return [x, avg / (1 - beta ** (i + 1))];
  });
  return downsample(out, 300);
}
