/**
 * Accessible tabs (the WAI-ARIA tabs pattern): buttons with role="tab" in a tablist, one
 * tabpanel each. Click or Enter/Space selects; Left/Right/Home/End move between tabs; only
 * the selected tab is in the Tab order, so Tab goes from the tab row into its panel.
 */
export interface TabSpec {
  id: string;
  label: string;
  panel: HTMLElement;
}

export function mountTabs(list: HTMLElement, tabs: readonly TabSpec[], onSelect: (id: string) => void = () => {}): (id: string) => void {
  list.setAttribute('role', 'tablist');
  const buttons = tabs.map((tab) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `tab-${tab.id}`;
    button.textContent = tab.label;
    button.setAttribute('role', 'tab');
    button.setAttribute('aria-controls', tab.panel.id);
    tab.panel.setAttribute('role', 'tabpanel');
    tab.panel.setAttribute('aria-labelledby', button.id);
    tab.panel.tabIndex = 0;
    list.append(button);
    return button;
  });
  const select = (id: string, focus = false): void => {
    tabs.forEach((tab, k) => {
      const on = tab.id === id;
      const button = buttons[k]!;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
      if (on && focus) button.focus();
    });
    onSelect(id);
  };
  buttons.forEach((button, k) => {
    button.addEventListener('click', () => select(tabs[k]!.id));
    button.addEventListener('keydown', (e) => {
      const last = tabs.length - 1;
      const to = e.key === 'ArrowRight' ? (k === last ? 0 : k + 1)
        : e.key === 'ArrowLeft' ? (k === 0 ? last : k - 1)
        : e.key === 'Home' ? 0
        : e.key === 'End' ? last
        : null;
      if (to === null) return;
      e.preventDefault();
      select(tabs[to]!.id, true);
    });
  });
  select(tabs[0]!.id);
  return (id) => select(id);
}
