/* Wirework expression runtime: sandboxed scope, template compilation, result encoding.
 * Loaded after vendor.js (luxon, acorn, hashes, jmespath) and before extensions.js/proxy.js.
 * Python talks to it only through __ww.* functions; results travel as JSON strings. */
var __ww = (function () {
  'use strict';
  const L = luxon;
  const ww = { L: L, st: { wf: null, runs: {}, cur: null, idx: 0 } };
  // compiled templates live in this closure, out of reach of user code (pooled engines keep them)
  const compiled = [];
  ww.compiledCount = () => compiled.length;

  class ExpressionError extends Error {
    constructor(message, opts) {
      super(message);
      this.name = 'ExpressionError';
      if (opts) Object.assign(this, opts);
    }
  }
  class ExtensionError extends ExpressionError {
    constructor(message, opts) { super(message, opts); this.name = 'ExpressionExtensionError'; }
  }
  ww.ExpressionError = ExpressionError;
  ww.ExtensionError = ExtensionError;

  // ---- the sandboxed scope: every free identifier resolves here, unknown ones to undefined
  const BLOCKED_OBJECT = new Set([
    'defineProperty', 'defineProperties', 'setPrototypeOf', 'getPrototypeOf',
    'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors', '__defineGetter__',
    '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '__proto__',
  ]);
  const SafeObject = new Proxy(Object, {
    get(t, k) { return BLOCKED_OBJECT.has(k) ? undefined : t[k]; },
  });
  const GLOBALS = new Set([
    'Math', 'JSON', 'Number', 'String', 'Boolean', 'Array', 'Date', 'RegExp', 'parseInt',
    'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI',
    'decodeURI', 'escape', 'unescape', 'Intl', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Symbol',
    'Error', 'TypeError', 'RangeError', 'SyntaxError', 'Promise', 'BigInt', 'undefined', 'NaN',
    'Infinity', 'Uint8Array', 'ArrayBuffer', 'DataView', 'globalThis',
  ]);
  ww.scopeFor = function (data) {
    return new Proxy(data, {
      has(t, k) { return typeof k === 'string'; },
      get(t, k) {
        if (typeof k !== 'string') return undefined;
        if (k in t) return t[k];
        if (k === 'Object') return SafeObject;
        if (k === 'globalThis') return undefined;
        if (GLOBALS.has(k)) return globalThis[k];
        return undefined;
      },
      set(t, k, v) { t[k] = v; return true; },
    });
  };

  // ---- compile: acorn-parse, rewrite `.extFn(...)` calls to __ext(obj, 'extFn', [...])
  function childNodes(node) {
    const out = [];
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      if (node.type === 'Property' && node.shorthand && key === 'key') continue;
      const v = node[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === 'string') out.push(c);
      } else if (v && typeof v.type === 'string') out.push(v);
    }
    out.sort((a, b) => a.start - b.start);
    return out;
  }
  function isExtCall(node) {
    const c = node.type === 'CallExpression' && node.callee;
    return !!c && c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier'
      && c.object.type !== 'Super' && ww.EXT_NAMES.has(c.property.name);
  }
  const UNSAFE = new Set(['constructor', '__proto__']);
  function unsafeAccess(name) {
    return new ExpressionError(`Cannot access "${name}" due to security concerns`, { contextType: 'security' });
  }
  ww.sanitize = function (key) {
    if (typeof key === 'string' && UNSAFE.has(key)) throw unsafeAccess(key);
    return key;
  };
  function rewrite(src, node) {
    if (node.type === 'MemberExpression') {
      const p = node.property;
      if (!node.computed && p.type === 'Identifier' && UNSAFE.has(p.name)) throw unsafeAccess(p.name);
      if (node.computed && p.type === 'Literal' && UNSAFE.has(p.value)) throw unsafeAccess(p.value);
      if (node.computed && p.type !== 'Literal') {
        const opt = node.optional ? '?.' : '';
        return `${rewrite(src, node.object)}${opt}[__san(${rewrite(src, p)})]`;
      }
    }
    if (isExtCall(node)) {
      const callee = node.callee;
      const args = node.arguments.map((a) => rewrite(src, a)).join(', ');
      const opt = callee.optional ? ', true' : '';
      return `__ext(${rewrite(src, callee.object)}, ${JSON.stringify(callee.property.name)}, [${args}]${opt})`;
    }
    let out = '';
    let pos = node.start;
    for (const c of childNodes(node)) {
      out += src.slice(pos, c.start) + rewrite(src, c);
      pos = c.end;
    }
    return out + src.slice(pos, node.end);
  }
  /** Parse one {{ }} block and return the JS body to run (null: empty block). Needs acorn,
   * which only the process-wide compiler context loads; node-run contexts get the bodies. */
  function rewriteBlock(code) {
    const src = code.replace(/[\s;]+$/, '');
    if (!src.trim()) return null;
    let ast;
    const opts = { ecmaVersion: 'latest', allowReturnOutsideFunction: false };
    try {
      ast = acorn.parseExpressionAt(src, 0, opts);
      if (src.slice(ast.end).trim()) throw new SyntaxError('Unexpected token');
    } catch (e) {
      throw new ExpressionError('invalid syntax', { description: String(e.message || e), contextType: 'syntax_error' });
    }
    return rewrite(src, ast);
  }
  /** Where the `{{` block whose code starts at `start` ends: the first unescaped `}}` before
   * which the code parses as one expression (so `{{ {a: {b: 1}} }}` and `{{ "}}" }}` work as
   * in n8n). -1 when no candidate parses (the caller then takes the first `}}`). */
  function parsesAsExpression(code) {
    const src = code.replace(/[\s;]+$/, '');
    if (!src.trim()) return true;
    try {
      const ast = acorn.parseExpressionAt(src, 0, { ecmaVersion: 'latest' });
      return !src.slice(ast.end).trim();
    } catch (e) {
      return false;
    }
  }
  ww.findClose = function (text, start) {
    let from = start;
    for (;;) {
      const p = text.indexOf('}}', from);
      if (p < 0) return -1;
      if (text[p - 1] !== '\\' && parsesAsExpression(text.slice(start, p).replace(/\\}}/g, '}}'))) return p;
      from = p + 1;
    }
  };
  /** '{"bodies": [...]}' or '{"e": {...}}' for a template's blocks. */
  ww.rewriteSafe = function (codes) {
    try { return JSON.stringify({ bodies: codes.map(rewriteBlock) }); } catch (e) { return JSON.stringify({ e: ww.errorInfo(e) }); }
  };
  function bodyFunction(body) {
    if (body === null) return () => undefined;
    // eslint-disable-next-line no-new-func
    return new Function('__s', 'with (__s) { return (' + body + '\n); }');
  }

  /** Register a template from rewritten bodies: texts[0] body[0] texts[1] ...; lone returns
   * the raw value. '{"id": n}' or '{"e": {...}}'. */
  ww.compileSafe = function (bodies, texts, lone) {
    try {
      compiled.push(Object.freeze({ fns: Object.freeze(bodies.map(bodyFunction)), texts: Object.freeze(texts), lone }));
      return JSON.stringify({ id: compiled.length - 1 });
    } catch (e) {
      return JSON.stringify({ e: ww.errorInfo(e) });
    }
  };

  ww.toTemplateString = function (v) {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    try { return String(v); } catch (e) { return Object.prototype.toString.call(v); }
  };

  function runTemplate(t, scope) {
    if (t.lone) return t.fns[0].call(scope, scope);
    let out = t.texts[0];
    for (let i = 0; i < t.fns.length; i++) {
      out += ww.toTemplateString(t.fns[i].call(scope, scope)) + t.texts[i + 1];
    }
    return out;
  }

  // ---- results to Python: JSON with tags for undefined / NaN / Date / DateTime
  const TAG = '\u0001';
  ww.replacer = function (key, value) {
    const orig = this[key];
    if (orig instanceof Date) return { [TAG + 'd']: isNaN(orig.getTime()) ? null : orig.toISOString() };
    if (orig && L.DateTime.isDateTime(orig)) return { [TAG + 't']: orig.isValid ? orig.toISO() : null };
    if (typeof value === 'number' && !isFinite(value)) return { [TAG + 'n']: String(value) };
    if (typeof value === 'bigint') return value.toString();
    if (value === undefined && Array.isArray(this)) return { [TAG + 'u']: 1 };
    return value;
  };
  ww.errorInfo = function (e) {
    if (e && typeof e === 'object') {
      return {
        message: String(e.message !== undefined ? e.message : e),
        name: e.name || 'Error',
        description: e.description === undefined ? null : String(e.description),
        contextType: e.contextType || null,
        expression: e instanceof ExpressionError,
        stack: typeof e.stack === 'string' ? e.stack : null,
      };
    }
    return { message: String(e), name: 'Error', description: null, contextType: null, expression: false, stack: null };
  };

  /** Evaluate template `id` for each item index; one JSON string back. */
  ww.runMany = function (id, indices) {
    const t = compiled[id];
    const scope = ww.scope;
    const out = new Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      ww.st.idx = indices[k];
      try {
        out[k] = { v: runTemplate(t, scope) };
      } catch (e) {
        out[k] = { e: ww.errorInfo(e) };
      }
    }
    return ww.encode(out);
  };
  /** JSON for Python; a value that can't be serialised (cycle, ...) becomes an error entry. */
  ww.encode = function (out) {
    try { return JSON.stringify(out, ww.replacer); } catch (err) {
      return JSON.stringify(out.map((r) => {
        try { JSON.stringify(r, ww.replacer); return r; } catch (e) { return { e: ww.errorInfo(e) }; }
      }), ww.replacer);
    }
  };
  ww.TAG = TAG;
  return ww;
})();
