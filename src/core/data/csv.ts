// CSV import of a user's own data: a header row, one sample per line, one label column. Every other column
// must be numeric and becomes an input feature. Errors name the line and column and say what to fix.

/** A parsed CSV dataset. */
export interface CsvDataset {
  /** Header names of the feature columns, in order. */
  readonly features: readonly string[];
  /** Header name of the label column. */
  readonly labelColumn: string;
  /** Inputs, [rows][features] flattened. */
  readonly x: Float32Array;
  /** Labels: class indices for classification, values for regression. */
  readonly y: Float32Array;
  readonly rows: number;
  /** Class names in index order (classification), sorted numerically when all labels are numbers. */
  readonly classes: readonly string[];
  readonly task: 'classification' | 'regression';
}

export interface CsvOptions {
  /** Header name or 0-based index of the label column. */
  readonly labelColumn: string | number;
  /** classification (default: labels become class indices) or regression (labels must be numbers). */
  readonly task?: 'classification' | 'regression';
}

/** Splits CSV text into records of fields (RFC 4180 quoting: "a, b" and "" for a quote). */
function records(text: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  // Whether `field` is whitespace only so far (what `field.trim() === ''` says, without re-reading the field at
  // every quote: that made a megabyte of quotes inside unquoted fields take half a minute).
  let blank = true;
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let sawAny = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          blank = false;
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
        if (blank && c.trim() !== '') blank = false;
      }
      continue;
    }
    if (c === '"' && blank) {
      quoted = true;
      field = '';
      sawAny = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      blank = true;
      sawAny = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (sawAny || !blank || fields.length > 1) out.push({ fields, line: recordLine });
      fields = [];
      field = '';
      blank = true;
      sawAny = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      if (c.trim() !== '') {
        sawAny = true;
        blank = false;
      }
    }
  }
  if (quoted) throw new Error(`CSV line ${recordLine}: a quoted field is not closed; add the closing "`);
  fields.push(field);
  if (sawAny || !blank || fields.length > 1) out.push({ fields, line: recordLine });
  return out;
}

/** A field as JSON, shortened: a message quotes the value, not a megabyte of it. */
function quote(value: string): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 60)}…" (${value.length} characters)` : text;
}

/** Parses CSV text with a header row into inputs and labels. */
export function parseCsv(text: string, options: CsvOptions): CsvDataset {
  if (typeof text !== 'string') throw new Error(`CSV data must be text (got ${typeof text})`);
  const task = options.task ?? 'classification';
  if (task !== 'classification' && task !== 'regression') throw new Error(`task must be "classification" or "regression" (got ${JSON.stringify(task)})`);
  const all = records(text.replace(/^\uFEFF/, ''));
  if (all.length === 0) throw new Error('CSV data is empty; it needs a header row and at least one data row');
  const header = all[0].fields.map((h) => h.trim());
  const body = all.slice(1);
  if (body.length === 0) throw new Error('CSV data has a header row but no data rows');
  if (header.length < 2) throw new Error(`CSV header must name at least two columns (a feature and the label), got ${header.length}: ${JSON.stringify(header)}`);
  let labelIndex: number;
  if (typeof options.labelColumn === 'number') {
    labelIndex = options.labelColumn;
    if (!Number.isInteger(labelIndex) || labelIndex < 0 || labelIndex >= header.length) {
      throw new Error(`labelColumn must be a column index from 0 to ${header.length - 1} (got ${options.labelColumn})`);
    }
  } else {
    labelIndex = header.indexOf(String(options.labelColumn).trim());
    if (labelIndex < 0) throw new Error(`labelColumn ${JSON.stringify(options.labelColumn)} is not in the CSV header; columns: ${header.join(', ')}`);
  }
  const featureIndices = header.map((_, i) => i).filter((i) => i !== labelIndex);
  const rows = body.length;
  const x = new Float32Array(rows * featureIndices.length);
  const rawLabels: string[] = [];
  body.forEach(({ fields, line }, r) => {
    if (fields.length !== header.length) {
      throw new Error(`CSV line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${header.length}; every row needs one value per column`);
    }
    featureIndices.forEach((column, j) => {
      const raw = fields[column].trim();
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value)) {
        throw new Error(`CSV line ${line}, column "${header[column]}": ${quote(fields[column])} is not a number; feature columns must be numeric`);
      }
      if (!Number.isFinite(Math.fround(value))) {
        throw new Error(`CSV line ${line}, column "${header[column]}": ${quote(raw)} is beyond float32's range (±3.4e38), where training computes; rescale the column`);
      }
      x[r * featureIndices.length + j] = value;
    });
    rawLabels.push(fields[labelIndex].trim());
  });
  const y = new Float32Array(rows);
  let classes: string[] = [];
  if (task === 'regression') {
    rawLabels.forEach((raw, r) => {
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value)) throw new Error(`CSV line ${body[r].line}, label column "${header[labelIndex]}": ${quote(raw)} is not a number; regression labels must be numeric`);
      if (!Number.isFinite(Math.fround(value))) throw new Error(`CSV line ${body[r].line}, label column "${header[labelIndex]}": ${quote(raw)} is beyond float32's range (±3.4e38), where training computes; rescale the labels`);
      y[r] = value;
    });
  } else {
    rawLabels.forEach((raw, r) => {
      if (raw === '') throw new Error(`CSV line ${body[r].line}: the label column "${header[labelIndex]}" is empty; every row needs a label`);
    });
    const distinct = [...new Set(rawLabels)];
    const numeric = distinct.every((v) => Number.isFinite(Number(v)));
    classes = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
    if (classes.length < 2) {
      throw new Error(`CSV label column "${header[labelIndex]}" has ${classes.length} class (${JSON.stringify(classes[0])}); classification needs at least 2 classes`);
    }
    const index = new Map(classes.map((c, i) => [c, i]));
    rawLabels.forEach((raw, r) => (y[r] = index.get(raw)!));
  }
  return { features: featureIndices.map((i) => header[i]), labelColumn: header[labelIndex], x, y, rows, classes, task };
}
