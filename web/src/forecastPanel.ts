/**
 * The Forecast tab: pick a bundled series or upload a CSV, choose the column, window and
 * horizon, train in a worker, then compare the LSTM with the naive baselines on the held-out
 * tail: a chart of actual vs predicted and a table of RMSE/MAE/MAPE.
 */
import { byId, count, esc, fmt, intValue } from './dom.ts';
import { lineChartSvg } from './lineChart.ts';
import type { ForecastCommand, ForecastEvent, ForecastMethods, ForecastOutcome, ForecastSeriesData } from './protocol.ts';
import { WorkerClient } from './rpc.ts';
import { type SeriesSource, bundledSeries, numericColumns, toSeries, uploadedSeries } from './series.ts';

const MARKUP = `
<div class="columns">
  <section class="card" aria-labelledby="fc-data-heading">
    <h2 id="fc-data-heading">Series and model</h2>
    <div class="field"><label for="series">Series</label><select id="series"></select></div>
    <div class="field"><label for="csv-file">Or upload a CSV file</label><input id="csv-file" type="file" accept=".csv,.tsv,.txt,text/csv"></div>
    <div class="grid">
      <div class="field"><label for="column">Column to forecast</label><select id="column"></select></div>
      <div class="field"><label for="date-column">Date column</label><select id="date-column"></select></div>
      <div class="field"><label for="window">Window (past steps)</label><input id="window" type="number" min="2" max="120" step="1" value="24"></div>
      <div class="field"><label for="horizon">Horizon (steps ahead)</label><input id="horizon" type="number" min="1" max="24" step="1" value="1"></div>
      <div class="field"><label for="fc-units">LSTM units</label><input id="fc-units" type="number" min="2" max="128" step="1" value="16"></div>
      <div class="field"><label for="fc-epochs">Epochs (per mode)</label><input id="fc-epochs" type="number" min="1" max="200" step="1" value="20"></div>
    </div>
    <div class="buttons">
      <button id="forecast-run" type="button" class="primary">Train and forecast</button>
      <button id="forecast-stop" type="button" disabled>Stop</button>
    </div>
    <progress id="forecast-progress" max="1" value="0" aria-label="Forecast training progress"></progress>
    <p id="forecast-status" class="status" role="status"></p>
    <p class="hint">The last 10 % of the series is held out for the test and the 10 % before it for validation;
    scaling is fitted on the training part only. The network is trained twice, on scaled values and on values relative
    to each window's last value, and the mode with the lower validation error is kept.</p>
  </section>
  <section class="card" aria-labelledby="fc-result-heading">
    <h2 id="fc-result-heading">Held-out tail</h2>
    <div id="forecast-chart" class="chart-box"></div>
    <div id="forecast-scores"></div>
    <p id="forecast-summary"></p>
  </section>
</div>`;

const METHODS: { key: keyof ForecastOutcome['scores']; name: string }[] = [
  { key: 'lstm', name: 'LSTM' },
  { key: 'lastValue', name: 'Last value (naive)' },
  { key: 'seasonalNaive', name: 'Seasonal naive' },
  { key: 'linear', name: 'Linear regression on the window' },
];

export function mountForecastPanel(root: HTMLElement): void {
  root.innerHTML = MARKUP;
  const q = <T extends Element>(id: string, type: new () => T): T => byId(root, id, type);
  const seriesSelect = q('series', HTMLSelectElement);
  const fileInput = q('csv-file', HTMLInputElement);
  const column = q('column', HTMLSelectElement);
  const dateColumn = q('date-column', HTMLSelectElement);
  const runButton = q('forecast-run', HTMLButtonElement);
  const stopButton = q('forecast-stop', HTMLButtonElement);
  const progress = q('forecast-progress', HTMLProgressElement);
  const status = q('forecast-status', HTMLElement);
  const chart = q('forecast-chart', HTMLElement);
  const scores = q('forecast-scores', HTMLElement);
  const summary = q('forecast-summary', HTMLElement);

  const sources = new Map<string, SeriesSource>();
  const addSource = (s: SeriesSource): void => {
    if (!sources.has(s.id)) seriesSelect.add(new Option(s.name, s.id));
    sources.set(s.id, s);
  };
  for (const s of bundledSeries()) addSource(s);

  const showColumns = (): void => {
    const source = sources.get(seriesSelect.value);
    if (!source) return;
    column.replaceChildren(...numericColumns(source.table).filter((c) => c !== source.date).map((c) => new Option(c, c, false, c === source.target)));
    dateColumn.replaceChildren(new Option('(none: row numbers)', ''), ...source.table.columns.map((c) => new Option(c, c, false, c === source.date)));
    status.textContent = `${count(source.table.rows.length)} rows, columns: ${source.table.columns.join(', ')}`;
  };
  seriesSelect.addEventListener('change', showColumns);
  showColumns();

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    file
      .text()
      .then((text) => {
        const source = uploadedSeries(file.name, text);
        addSource(source);
        seriesSelect.value = source.id;
        showColumns();
      })
      .catch((error: unknown) => (status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`));
  });

  const worker = new Worker(new URL('./forecastWorker.ts', import.meta.url), { type: 'module' });
  const client = new WorkerClient<ForecastMethods, ForecastCommand, ForecastEvent>(
    worker,
    (event) => {
      if (event.type === 'ready') return; // the header shows the text worker's engine, the same one
      const done = event.modeIndex * event.epochs + event.epoch;
      progress.value = done / (event.modes * event.epochs);
      status.textContent = `${event.mode} mode, epoch ${event.epoch}/${event.epochs}: loss ${fmt(event.loss, 4)}, validation ${fmt(event.valLoss, 4)}`;
    },
    (message) => (status.textContent = `Error: ${message}`),
  );

  let stopped = false;
  runButton.addEventListener('click', () => {
    const source = sources.get(seriesSelect.value);
    if (!source) return;
    let series: ForecastSeriesData;
    try {
      series = toSeries(source, column.value, dateColumn.value === '' ? null : dateColumn.value);
    } catch (error) {
      status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const settings = {
      window: intValue(q('window', HTMLInputElement)),
      horizon: intValue(q('horizon', HTMLInputElement)),
      units: intValue(q('fc-units', HTMLInputElement)),
      epochs: intValue(q('fc-epochs', HTMLInputElement)),
      seed: 42,
    };
    stopped = false;
    runButton.disabled = true;
    stopButton.disabled = false;
    progress.value = 0;
    status.textContent = `Training on ${count(series.values.length)} values of '${series.name}'…`;
    client
      .call('run', { series, settings })
      .then((outcome) => {
        progress.value = 1;
        showOutcome(series, outcome, settings.horizon);
        status.textContent = `${stopped ? 'Stopped early; results of the epochs trained' : 'Done'} in ${outcome.seconds.toFixed(1)} s (${outcome.samples.train} training, ${outcome.samples.validation} validation, ${outcome.samples.test} test windows).`;
      })
      .catch((error: unknown) => (status.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        runButton.disabled = false;
        stopButton.disabled = true;
      });
  });
  stopButton.addEventListener('click', () => {
    stopped = true;
    client.command({ type: 'stop' });
  });

  const showOutcome = (series: ForecastSeriesData, outcome: ForecastOutcome, horizon: number): void => {
    const testLength = series.values.length - outcome.validationEnd;
    const from = Math.max(0, outcome.validationEnd - 3 * testLength);
    const actual = series.values.slice(from).map((v, k) => [from + k, v] as const);
    const predicted = outcome.testIndex.map((index, k) => [index, outcome.testPredictions[k]![0]!] as const);
    const hasDates = series.dates.some((d) => /^\d{4}-\d\d-\d\d$/.test(d));
    chart.innerHTML = lineChartSvg({
      title: `${series.name}: actual and LSTM forecast${horizon > 1 ? ' (1 step ahead shown)' : ''}`,
      xLabel: hasDates ? 'date' : 'step',
      yLabel: series.name,
      series: [
        { name: 'actual', points: actual, className: 'line-actual' },
        { name: 'LSTM', points: predicted, className: 'line-predicted' },
      ],
      markers: [{ x: outcome.validationEnd, label: 'test →' }],
      width: 600,
      height: 280,
      xTickFormat: (x) => (hasDates ? (series.dates[Math.round(x)] ?? '').slice(0, 7) : String(x)),
    });
    chart.dataset['points'] = String(predicted.length);
    const rows = METHODS.map(({ key, name }) => {
      const s = outcome.scores[key];
      if (!s) return `<tr><th scope="row">${esc(name)}</th><td colspan="3">no season: dates of unknown spacing, or a window shorter than a season</td></tr>`;
      const best = outcome.winner === key;
      return `<tr${best ? ' class="selected"' : ''}><th scope="row">${esc(name)}${best ? ' (best)' : ''}</th><td>${fmt(s.rmse)}</td><td>${fmt(s.mae)}</td><td>${fmt(s.mape, 2)} %</td></tr>`;
    }).join('');
    scores.innerHTML = `<table id="forecast-table" class="scores"><caption>Errors on the ${outcome.testIndex.length} held-out windows (${esc(series.name)} units)</caption>
<thead><tr><th scope="col">method</th><th scope="col">RMSE</th><th scope="col">MAE</th><th scope="col">MAPE</th></tr></thead><tbody>${rows}</tbody></table>`;
    const lstm = outcome.scores.lstm.rmse;
    const naive = outcome.scores.lastValue.rmse;
    summary.textContent =
      `The ${outcome.mode} mode won on validation. LSTM RMSE ${fmt(lstm)} vs ${fmt(naive)} for repeating the last value` +
      `${outcome.seasonPeriod ? ` and ${fmt(outcome.scores.seasonalNaive?.rmse ?? NaN)} for the value one season (${outcome.seasonPeriod} steps) ago` : ''}; ` +
      `best on the test tail: ${METHODS.find((m) => m.key === outcome.winner)?.name ?? outcome.winner}.`;
  };
}
