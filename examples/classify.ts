/**
 * Sentiment of short reviews (UCI Sentiment Labelled Sentences): an embedding and a
 * bidirectional LSTM, next to a bag-of-words logistic regression and the majority class.
 *
 * Run: npx tsx examples/classify.ts
 */
import { classifyTexts, loadSentimentSentences } from '../src/node.js';

export async function sentiment(epochs = 15): Promise<{ lstm: number; bagOfWords: number; majority: number; predictions: number[][] }> {
  const sentences = loadSentimentSentences();
  const result = await classifyTexts({
    texts: sentences.map((s) => s.text),
    labels: sentences.map((s) => s.label),
    bidirectional: true,
    epochs,
  });
  return {
    lstm: result.test.lstm.accuracy,
    bagOfWords: result.test.bagOfWords.accuracy,
    majority: result.test.majority.accuracy,
    predictions: result.predict(['I love this phone', 'It broke after one day']),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await sentiment();
  console.log(`test accuracy: biLSTM ${r.lstm.toFixed(3)}, bag of words ${r.bagOfWords.toFixed(3)}, majority ${r.majority.toFixed(3)}`);
  console.log('P(negative), P(positive) for two new sentences:', r.predictions);
}
