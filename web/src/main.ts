/**
 * The playground's entry: the header with what the page runs on, the four tabs, and the one
 * text worker the Text, Look inside and Models tabs share.
 */
import './style.css';
import { describeEngine } from './engine.ts';
import { byId } from './dom.ts';
import { mountForecastPanel } from './forecastPanel.ts';
import { mountGatesPanel } from './gatesPanel.ts';
import { mountModelsPanel } from './modelsPanel.ts';
import { mountTabs } from './tabs.ts';
import { mountTextPanel } from './textPanel.ts';
import { TextSession } from './textSession.ts';

const isolated = globalThis.crossOriginIsolated === true;
const isolation = byId(document, 'isolation', HTMLElement);
isolation.textContent = isolated
  ? 'Cross-origin isolated: yes (COOP + COEP headers present; shared memory allowed)'
  : 'Cross-origin isolated: no (the server did not send COOP/COEP; single-threaded engines only)';
isolation.dataset['isolated'] = String(isolated);

const engineLine = byId(document, 'engine', HTMLElement);
const showEngine = (engine: Parameters<typeof describeEngine>[0]): void => {
  engineLine.textContent = `Engine: ${describeEngine(engine)}`;
  engineLine.dataset['backend'] = engine.backend;
};

const session = new TextSession();
session.on((event) => {
  if (event.type === 'ready') showEngine(event.engine);
});

const panel = (id: string): HTMLElement => byId(document, id, HTMLElement);
mountTextPanel(panel('panel-text'), session);
mountGatesPanel(panel('panel-gates'), session);
mountForecastPanel(panel('panel-forecast'));
mountModelsPanel(panel('panel-models'), session);
mountTabs(byId(document, 'tabs', HTMLElement), [
  { id: 'text', label: 'Text', panel: panel('panel-text') },
  { id: 'gates', label: 'Look inside', panel: panel('panel-gates') },
  { id: 'forecast', label: 'Forecast', panel: panel('panel-forecast') },
  { id: 'models', label: 'Models', panel: panel('panel-models') },
]);
document.body.dataset['ready'] = 'true';
