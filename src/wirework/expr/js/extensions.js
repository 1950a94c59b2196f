/* n8n-style extension functions (`"a b".toTitleCase()`, `[1,2].sum()`, `$now.plus(1, 'day')`).
 * Calls `x.name(...)` whose name is an extension are compiled to `__ext(x, 'name', [...])`:
 * the extension for x's type wins, then x's own method, else an error. */
(function (ww) {
  'use strict';
  const L = ww.L;
  const DateTime = L.DateTime;
  const Err = ww.ExtensionError;
  const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  // ---- deep equality / keys used by unique, union, difference, ...
  function stable(v) {
    if (Array.isArray(v)) return '[' + v.map(stable).join(',') + ']';
    if (isObj(v) && !(v instanceof Date)) {
      return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + stable(v[k])).join(',') + '}';
    }
    if (v === undefined) return 'undefined';
    if (typeof v === 'number' && isNaN(v)) return 'NaN';
    return JSON.stringify(v);
  }
  const uniqueBy = (arr, keyFn) => {
    const seen = new Set();
    return arr.filter((v) => { const k = keyFn(v); if (seen.has(k)) return false; seen.add(k); return true; });
  };

  // ---- base64 over UTF-8 (no btoa in bare V8)
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function utf8(s) { return Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0)); }
  function b64encode(s) {
    const b = utf8(s);
    let out = '';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i] << 16) | ((b[i + 1] || 0) << 8) | (b[i + 2] || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
        + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
    }
    return out;
  }
  function b64decode(s) {
    const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
    let bin = '';
    for (let i = 0; i < clean.length; i += 4) {
      const c = [0, 1, 2, 3].map((j) => (i + j < clean.length ? B64.indexOf(clean[i + j]) : -1));
      const n = (c[0] << 18) | (c[1] << 12) | ((c[2] < 0 ? 0 : c[2]) << 6) | (c[3] < 0 ? 0 : c[3]);
      bin += String.fromCharCode((n >> 16) & 255);
      if (c[2] >= 0) bin += String.fromCharCode((n >> 8) & 255);
      if (c[3] >= 0) bin += String.fromCharCode(n & 255);
    }
    try { return decodeURIComponent(escape(bin)); } catch (e) { return bin; }
  }
  ww.b64encode = b64encode;
  ww.b64decode = b64decode;

  // ---- dates
  const UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond',
    'years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'];
  function checkUnit(u) {
    if (!UNITS.includes(u)) throw new Err(`Unsupported unit '${String(u)}'`);
    return u;
  }
  function strToDateTime(s) {
    const opts = {};
    for (const f of [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL]) {
      const d = f.call(DateTime, s, opts);
      if (d.isValid) return d;
    }
    const js = new Date(s);
    if (!isNaN(js.getTime())) return DateTime.fromJSDate(js);
    return null;
  }
  function toDT(v) {
    if (DateTime.isDateTime(v)) return v;
    if (v instanceof Date) return DateTime.fromJSDate(v);
    if (typeof v === 'string') return strToDateTime(v);
    return null;
  }
  ww.toDT = toDT;
  const back = (orig, dt) => (orig instanceof Date ? dt.toJSDate() : dt);
  function plusMinus(sign) {
    return (d, [n, unit]) => {
      const dt = toDT(d);
      let res;
      if (typeof n === 'number') res = sign > 0 ? dt.plus({ [checkUnit(unit || 'milliseconds')]: n }) : dt.minus({ [checkUnit(unit || 'milliseconds')]: n });
      else res = sign > 0 ? dt.plus(n) : dt.minus(n);
      return back(d, res);
    };
  }
  const EXTRACT = { week: 'weekNumber', weekday: 'weekday', yearDayNumber: 'ordinal' };
  const DATE = {
    isEmpty: () => false,
    isNotEmpty: () => true,
    beginningOf: (d, [unit = 'week']) => back(d, toDT(d).startOf(unit)),
    endOfMonth: (d) => back(d, toDT(d).endOf('month')),
    extract: (d, [part = 'week']) => {
      const dt = toDT(d);
      const key = EXTRACT[part] || part;
      const v = dt.isValid ? dt.get(key) : undefined;
      return v === undefined ? null : v;
    },
    format: (d, [fmt]) => toDT(d).toFormat(fmt),
    isBetween: (d, [a, b]) => {
      const x = toDT(a); const y = toDT(b);
      if (!x || !y) return undefined;
      const dt = toDT(d);
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      return dt > lo && dt < hi;
    },
    isDst: (d) => toDT(d).isInDST,
    isInLast: (d, [n = 0, unit = 'minutes']) => {
      const dt = toDT(d); const now = DateTime.now();
      return dt >= now.minus({ [checkUnit(unit)]: n }) && dt <= now;
    },
    isWeekend: (d) => [6, 7].includes(toDT(d).weekday),
    minus: plusMinus(-1),
    plus: plusMinus(1),
    toDateTime: (d) => toDT(d),
    diffTo: (d, [other, unit = 'days']) => {
      const o = toDT(other);
      if (!o) throw new Err('cannot convert to Luxon DateTime');
      const units = Array.isArray(unit) ? unit : [unit];
      units.forEach(checkUnit);
      const diff = toDT(d).diff(o, units);
      return Array.isArray(unit) ? diff.toObject() : diff.as(unit);
    },
    diffToNow: (d, [unit = 'days']) => DATE.diffTo(DateTime.now(), [d, unit]),
    toInt: (d) => toDT(d).toMillis(),
    toFloat: (d) => toDT(d).toMillis(),
    toNumber: (d) => toDT(d).toMillis(),
  };

  // ---- strings
  const WORDS = /[A-Z]{2,}(?=[A-Z][a-z]+[0-9]*|\b)|[A-Z]?[a-z]+[0-9]*|[A-Z]|[0-9]+/g;
  const SMALL = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'nor', 'of', 'on', 'or', 'so', 'the', 'to', 'up', 'yet', 'via', 'vs']);
  const EMAIL = /(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"[^"]*")@(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|\[[0-9.:a-f]+\])/i;
  const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?$/i;
  const URL_RE = /(https?:\/\/(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b[-a-zA-Z0-9()@:%_+.~#?&/=]*)/;
  const HASHES = {
    md5: 'md5', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha3: 'sha3_512',
  };
  function hash(s, [alg = 'md5']) {
    const a = String(alg).toLowerCase();
    if (a === 'base64') return b64encode(s);
    const name = HASHES[a];
    const H = globalThis.__wwHash;
    const fn = name && (H[name] || globalThis[name]);
    if (!fn) throw new Err(`Unknown algorithm ${alg}`);
    return fn(s);
  }
  function toNumberStrict(s, parse, what) {
    const n = parse(String(s).replace(/[$€£¥,\s]/g, ''));
    if (isNaN(n)) throw new Err(`cannot convert to ${what}`);
    return n;
  }
  const STR = {
    isEmpty: (s) => s === '',
    isNotEmpty: (s) => s !== '',
    hash,
    base64Encode: (s) => b64encode(s),
    base64Decode: (s) => b64decode(s),
    toDate: (s) => {
      const d = new Date(s);
      if (isNaN(d.getTime())) throw new Err('cannot convert to date');
      return d;
    },
    toDateTime: (s, [fmt]) => {
      const d = fmt ? DateTime.fromFormat(s, fmt) : strToDateTime(s);
      if (!d || !d.isValid) throw new Err('cannot convert to Luxon DateTime');
      return d;
    },
    toInt: (s) => toNumberStrict(s, (x) => parseInt(x, 10), 'integer'),
    toFloat: (s) => toNumberStrict(s, parseFloat, 'float'),
    toNumber: (s) => toNumberStrict(s, Number, 'number'),
    toBoolean: (s) => !['false', 'no', '0', '', 'n', 'off'].includes(s.trim().toLowerCase()),
    isNumeric: (s) => s.trim() !== '' && !isNaN(Number(s)),
    isDomain: (s) => DOMAIN.test(s),
    isEmail: (s) => new RegExp('^' + EMAIL.source + '$', 'i').test(s),
    isUrl: (s) => /^(https?|ftp):\/\/[^\s/$.?#].[^\s]*$/i.test(s),
    extractEmail: (s) => { const m = s.match(EMAIL); return m ? m[0] : undefined; },
    extractUrl: (s) => { const m = s.match(URL_RE); return m ? m[0] : undefined; },
    extractDomain: (s) => {
      if (DOMAIN.test(s)) return s;
      const m = s.match(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^/:?#\s]+)/i) || s.match(/@([^/:?#\s>]+)/);
      return m && DOMAIN.test(m[1]) ? m[1] : undefined;
    },
    extractUrlPath: (s) => { const m = s.match(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i); return m ? m[1] || '/' : undefined; },
    parseJson: (s) => {
      try { return JSON.parse(s); } catch (e) {
        if (s.includes("'")) throw new Err("Parsing failed. Check you're using double quotes");
        throw new Err('Parsing failed');
      }
    },
    quote: (s, [mark = '"']) => mark + s.replace(new RegExp(mark, 'g'), '\\' + mark) + mark,
    removeMarkdown: (s) => s.replace(/[*_~`#>]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim(),
    removeTags: (s) => s.replace(/<[^>]*>?/g, ''),
    replaceSpecialChars: (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
    toSnakeCase: (s) => (s.match(WORDS) || []).map((w) => w.toLowerCase()).join('_'),
    toKebabCase: (s) => (s.match(WORDS) || []).map((w) => w.toLowerCase()).join('-'),
    toCamelCase: (s) => (s.match(WORDS) || []).map((w, i) => (i ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase())).join(''),
    toTitleCase: (s) => s.replace(/\S+/g, (w, off) => (off > 0 && SMALL.has(w.toLowerCase()) ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1))),
    toSentenceCase: (s) => s.toLowerCase().replace(/(^\s*|[.!?]\s+)([a-z\u00e0-\u00ff])/g, (m, p, c) => p + c.toUpperCase()),
    toJsonString: (s) => JSON.stringify(s),
    urlEncode: (s, [all = false]) => (all ? encodeURIComponent(s) : encodeURI(s)),
    urlDecode: (s, [all = false]) => (all ? decodeURIComponent(s) : decodeURI(s)),
    toWholeNumber: (s) => Math.trunc(toNumberStrict(s, parseFloat, 'number')),
  };

  // ---- numbers
  const NUM = {
    isEmpty: () => false,
    isNotEmpty: () => true,
    ceil: (n) => Math.ceil(n),
    floor: (n) => Math.floor(n),
    round: (n, [d = 0]) => { const f = Math.pow(10, d); return Math.round(n * f) / f; },
    abs: (n) => Math.abs(n),
    isEven: (n) => { if (!Number.isInteger(n)) throw new Err('isEven() is only supported on integers'); return n % 2 === 0; },
    isOdd: (n) => { if (!Number.isInteger(n)) throw new Err('isOdd() is only supported on integers'); return Math.abs(n % 2) === 1; },
    isInteger: (n) => Number.isInteger(n),
    toBoolean: (n) => n !== 0,
    toInt: (n) => Math.round(n),
    toFloat: (n) => n,
    toNumber: (n) => n,
    format: (n, [locale = 'en-US', opts = {}]) => new Intl.NumberFormat(locale, opts).format(n),
    toDateTime: (n, [fmt = 'ms']) => {
      if (fmt === 's') return DateTime.fromSeconds(n);
      if (fmt === 'us') return DateTime.fromMillis(n / 1000);
      if (fmt === 'excel') return DateTime.fromMillis(Math.round((n - 25569) * 86400000), { zone: 'UTC' }).setZone(L.Settings.defaultZone, { keepLocalTime: true });
      return DateTime.fromMillis(n);
    },
    toDate: (n) => new Date(n),
  };

  // ---- arrays
  function numbers(arr, fn) {
    if (!arr.every((x) => typeof x === 'number')) throw new Err(`${fn}(): all array elements must be numbers`);
    return arr;
  }
  function compactValue(v) {
    if (Array.isArray(v)) return ARR.compact(v);
    if (isObj(v) && !(v instanceof Date) && !DateTime.isDateTime(v)) return OBJ.compact(v);
    return v;
  }
  const dropped = (v) => v === null || v === undefined || v === '' || v === 'nil';
  const ARR = {
    isEmpty: (a) => a.length === 0,
    isNotEmpty: (a) => a.length > 0,
    first: (a) => a[0],
    last: (a) => a[a.length - 1],
    sum: (a) => numbers(a, 'sum').reduce((x, y) => x + y, 0),
    average: (a) => (a.length ? ARR.sum(a) / a.length : NaN),
    min: (a) => Math.min(...numbers(a, 'min')),
    max: (a) => Math.max(...numbers(a, 'max')),
    unique: (a, fields) => (fields.length
      ? uniqueBy(a, (o) => stable(fields.map((f) => (isObj(o) ? o[f] : undefined))))
      : uniqueBy(a, stable)),
    removeDuplicates: (a, fields) => ARR.unique(a, fields),
    compact: (a) => a.filter((v) => !dropped(v)).map(compactValue),
    chunk: (a, [size]) => { const out = []; for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size)); return out; },
    difference: (a, [b]) => { const s = new Set(b.map(stable)); return a.filter((v) => !s.has(stable(v))); },
    intersection: (a, [b]) => { const s = new Set(b.map(stable)); return uniqueBy(a.filter((v) => s.has(stable(v))), stable); },
    union: (a, [b]) => uniqueBy(a.concat(b), stable),
    merge: (a, [b = []]) => {
      const out = {};
      for (const o of a.concat(b)) if (isObj(o)) for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
      return out;
    },
    pluck: (a, fields) => a.filter(isObj).map((o) => (fields.length === 1 ? o[fields[0]]
      : fields.length ? Object.fromEntries(fields.filter((f) => f in o).map((f) => [f, o[f]])) : o)),
    renameKeys: (a, pairs) => a.map((o) => {
      if (!isObj(o)) return o;
      const map = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) map[pairs[i]] = pairs[i + 1];
      const out = {};
      for (const k of Object.keys(o)) out[k in map ? map[k] : k] = o[k];
      return out;
    }),
    randomItem: (a) => a[Math.floor(Math.random() * a.length)],
    smartJoin: (a, [keyField, valueField]) => Object.fromEntries(a.filter(isObj).map((o) => [o[keyField], o[valueField]])),
    append: (a, items) => a.concat(items),
    toJsonString: (a) => JSON.stringify(a),
  };

  // ---- objects and booleans
  const OBJ = {
    isEmpty: (o) => Object.keys(o).length === 0,
    isNotEmpty: (o) => Object.keys(o).length > 0,
    hasField: (o, [k]) => k in o,
    removeField: (o, [k]) => { const out = { ...o }; delete out[k]; return out; },
    removeFieldsContaining: (o, [needle]) => Object.fromEntries(Object.entries(o).filter(([, v]) => !(typeof v === 'string' && v.includes(needle)))),
    keepFieldsContaining: (o, [needle]) => Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'string' && v.includes(needle))),
    compact: (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => !dropped(v)).map(([k, v]) => [k, compactValue(v)])),
    toJsonString: (o) => JSON.stringify(o),
    urlEncode: (o) => Object.entries(o).map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(String(v))).join('&'),
    keys: (o) => Object.keys(o),
    values: (o) => Object.values(o),
    merge: (o, [other]) => (isObj(other) ? { ...other, ...o } : { ...o }),
  };
  const BOOL = {
    isEmpty: () => false,
    isNotEmpty: () => true,
    toInt: (b) => (b ? 1 : 0),
    toFloat: (b) => (b ? 1 : 0),
    toNumber: (b) => (b ? 1 : 0),
    toBoolean: (b) => b,
  };
  const NULLISH = { isEmpty: () => true, isNotEmpty: () => false };

  ww.EXT_NAMES = new Set([STR, NUM, ARR, OBJ, BOOL, DATE].flatMap((t) => Object.keys(t)));

  function tableFor(o) {
    if (typeof o === 'string') return STR;
    if (typeof o === 'number') return NUM;
    if (typeof o === 'boolean') return BOOL;
    if (Array.isArray(o)) return ARR;
    if (o instanceof Date || DateTime.isDateTime(o)) return DATE;
    if (o === null || o === undefined) return NULLISH;
    if (typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype) return OBJ;
    return null;
  }
  ww.ext = function (o, name, args, optional) {
    if (optional && (o === null || o === undefined)) return undefined;
    const table = tableFor(o);
    if (table && Object.prototype.hasOwnProperty.call(table, name)) return table[name](o, args);
    if (o !== null && o !== undefined && typeof o[name] === 'function') return o[name](...args);
    if (o === null || o === undefined) throw new TypeError(`Cannot read properties of ${o} (reading '${name}')`);
    throw new Err(`${name}() is not a function on this type`);
  };
  ww.zip = (keys, values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]));
})(__ww);
