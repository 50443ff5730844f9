// Predictions and the fine-tuned-from relation, as the API may send them (every field optional).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelLabel, baseVsFineTuned, predictionsFor, goldOf } from '../../main/resources/public/attnflow/js/predictions.js';

test('a fine-tuned model is named with its base in the picker; a model without the field by its id', () => {
  assert.equal(modelLabel({ id: 'ft', fineTunedFrom: { model: 'base', step: 300 } }), 'ft — fine-tuned from base (step 300)');
  assert.equal(modelLabel({ id: 'ft', fineTunedFrom: { model: 'base', step: null } }), 'ft — fine-tuned from base');
  assert.equal(modelLabel({ id: 'plain' }), 'plain');
  assert.equal(modelLabel({ id: 'plain', fineTunedFrom: null }), 'plain');
});

test('the default pair is base vs fine-tuned when both are stored, none otherwise', () => {
  const models = [{ id: 'x' }, { id: 'ft', fineTunedFrom: { model: 'base', step: 3 } }, { id: 'base' }];
  assert.deepEqual(baseVsFineTuned(models), { a: 'base', b: 'ft' });
  assert.equal(baseVsFineTuned([{ id: 'ft', fineTunedFrom: { model: 'gone', step: 3 } }, { id: 'x' }]), null);
  assert.equal(baseVsFineTuned([{ id: 'a' }, { id: 'b' }]), null);
});

test('among checkpoints the last state is the default B: @final, else the largest step', () => {
  const ck = (id, step) => ({ id, fineTunedFrom: { model: 'base', step } });
  const models = [{ id: 'base' }, ck('lt@step0', 0), ck('lt@final', 250), ck('lt@step125', 125)];
  assert.deepEqual(baseVsFineTuned(models), { a: 'base', b: 'lt@final' });
  assert.deepEqual(baseVsFineTuned([{ id: 'base' }, ck('lt@step0', 0), ck('lt@step125', 125)]), { a: 'base', b: 'lt@step125' });
});

test('predictions come from the sentence record, else from the traces, the shown models first', () => {
  const detail = { label: 'acceptable', predictions: [
    { model: 'other', label: 'acceptable', probabilities: { acceptable: 0.6, unacceptable: 0.4 }, correct: true },
    { model: 'ft', label: 'unacceptable', probabilities: { acceptable: 0.2, unacceptable: 0.8 }, correct: false },
  ] };
  const shown = [{ model: 'base', trace: { prediction: null } }, { model: 'ft', trace: { prediction: { label: 'x' } } }];
  assert.deepEqual(predictionsFor({ detail, shown }).map((p) => p.model), ['ft', 'other']);
  assert.equal(predictionsFor({ detail, shown })[0].label, 'unacceptable', 'the record wins over the trace');
  const fromTrace = predictionsFor({ detail: null, shown: [{ model: 'ft', trace: { prediction: { label: 'a', gold: 'b', correct: false } } }] });
  assert.deepEqual(fromTrace, [{ model: 'ft', label: 'a', gold: 'b', correct: false }]);
  assert.deepEqual(predictionsFor({ detail: {}, shown: [{ model: 'm', trace: {} }] }), [], 'nothing stored: nothing shown');
  assert.equal(goldOf({ sentence: null, detail: null, shown: [{ trace: { prediction: { gold: 'g' } } }] }), 'g');
  assert.equal(goldOf({ sentence: { label: 's' }, detail: { label: null }, shown: [] }), 's');
  assert.equal(goldOf({ sentence: null, detail: null, shown: [] }), null);
});
