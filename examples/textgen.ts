/**
 * A character-level LSTM language model on Moby-Dick, then text generated one character at a
 * time (the model keeps its state, so each new character costs one step).
 *
 * Run: npx tsx examples/textgen.ts
 */
import { loadMobyDick, text, trainLanguageModel } from '../src/node.js';

export async function mobyDick(trainTokens = 300_000, units = 128): Promise<{ validationLoss: number; sample: string }> {
  const run = await trainLanguageModel({ text: loadMobyDick().slice(0, 400_000), units, trainTokens, evalEvery: trainTokens });
  const generator = new text.TextGenerator(run.model, run.vocabulary);
  const sample = generator.generate({ prompt: 'call me ishmael. ', length: 200, temperature: 0.6, seed: 1 });
  return { validationLoss: run.evaluations.at(-1)!.validationLoss, sample };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await mobyDick();
  console.log(`validation cross-entropy ${r.validationLoss.toFixed(3)} nats/char`);
  console.log(`call me ishmael. ${r.sample}`);
}
