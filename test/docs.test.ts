import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allDocs } from '../src/docs';

test.each(Object.entries(allDocs()))('docs/%s is current with the catalog (npm run docs)', (name, text) => {
  expect(readFileSync(join(__dirname, '..', 'docs', name), 'utf8')).toBe(text);
});
