/* Code / Function node runner: user code as the body of an async function whose parameters
 * are n8n's Code-node globals. Started by __ww.startCode, polled with __ww.codeState. */
(function (ww) {
  'use strict';
  const st = ww.st;
  const L = ww.L;
  function fmt(a) {
    if (typeof a === 'string') return a;
    if (a === undefined) return 'undefined';
    if (a instanceof Error) return a.stack || String(a);
    if (typeof a === 'function') return '[Function' + (a.name ? ': ' + a.name : '') + ']';
    if (L.DateTime.isDateTime(a)) return a.toString();
    try {
      const s = JSON.stringify(a, (k, v) => (typeof v === 'bigint' ? v.toString() : v));
      return s === undefined ? String(a) : s;
    } catch (e) { return String(a); }
  }
  const NAMES = ['$input', '$json', '$binary', '$itemIndex', '$', '$node', '$items', '$item',
    '$prevNode', '$runIndex', '$workflow', '$execution', '$vars', '$env', '$parameter',
    '$nodeVersion', '$mode', '$now', '$today', 'DateTime', 'Duration', 'Interval', '$jmespath',
    '$if', '$ifEmpty', '$min', '$max', '$average', '$getWorkflowStaticData', 'console', 'items',
    'item', '$data', '$nodeId'];
  ww.CODE_LINE_OFFSET = 3;

  function globalsFor(idx, opts, logs) {
    st.idx = idx;
    const d = ww.makeData(idx);
    const safe = (f) => { try { return f(); } catch (e) { return undefined; } };
    const log = (...a) => { logs.push(a.map(fmt).join(' ')); };
    const sd = ww.code.staticData;
    const env = st.cur.env === null || st.cur.env === undefined
      ? new Proxy({}, { get() { throw new ww.ExpressionError('access to env vars denied'); } })
      : st.cur.env;
    const inputs = st.cur.inputs[st.cur.inputIndex] || [];
    const g = {
      $input: d.$input, $json: safe(() => d.$json), $binary: safe(() => d.$binary), $itemIndex: idx,
      $: d.$, $node: d.$node, $items: d.$items, $item: d.$item, $prevNode: d.$prevNode,
      $runIndex: d.$runIndex, $workflow: d.$workflow, $execution: d.$execution, $vars: d.$vars,
      $env: env, $parameter: d.$parameter, $nodeVersion: d.$nodeVersion, $mode: d.$mode,
      $now: d.$now, $today: d.$today, DateTime: L.DateTime, Duration: L.Duration,
      Interval: L.Interval, $jmespath: d.$jmespath, $if: d.$if, $ifEmpty: d.$ifEmpty,
      $min: d.$min, $max: d.$max, $average: d.$average,
      $getWorkflowStaticData: (type) => {
        const key = type === 'node' ? 'node:' + st.cur.node : 'global';
        if (!sd[key] || typeof sd[key] !== 'object') sd[key] = {};
        return sd[key];
      },
      console: { log, info: log, warn: log, error: log, debug: log, trace: log },
      items: inputs, item: opts.each ? inputs[idx] : undefined, $data: safe(() => d.$json),
      $nodeId: d.$nodeId,
    };
    return Object.assign(g, opts.globals || {});
  }

  ww.startCode = function (code, optsJson) {
    const opts = JSON.parse(optsJson);
    const logs = [];
    ww.code = { done: false, out: '', staticData: opts.staticData || {} };
    const finish = (r) => {
      ww.code.done = true;
      ww.code.out = ww.encode([{ v: { r, logs, sd: ww.code.staticData } }]);
    };
    let fn;
    try {
      // eslint-disable-next-line no-new-func
      fn = new Function(...NAMES, 'return (async () => {\n' + code + '\n})();');
    } catch (e) {
      finish([{ e: ww.errorInfo(e) }]);
      return;
    }
    (async () => {
      const out = [];
      for (const i of opts.indices) {
        try {
          const g = globalsFor(i, opts, logs);
          const v = await fn(...NAMES.map((n) => g[n]));
          out.push(v === undefined ? { u: 1 } : { v });
        } catch (e) {
          out.push({ e: ww.errorInfo(e) });
          if (!opts.each) break;
        }
      }
      return out;
    })().then(finish, (e) => finish([{ e: ww.errorInfo(e) }]));
  };
  ww.codeState = () => (ww.code && ww.code.done ? ww.code.out : '');
})(__ww);
