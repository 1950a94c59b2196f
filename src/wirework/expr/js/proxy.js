/* The data proxy: $json, $input, $('Node'), $node, $items, $item, $workflow, $execution, ...
 * State (pushed from Python as JSON): st.wf (workflow), st.runs (run data, per node a list of
 * {source, main}), st.cur (the node being run: inputs, source, params, ...), st.idx (item). */
(function (ww) {
  'use strict';
  const st = ww.st;
  const L = ww.L;
  const DateTime = L.DateTime;
  const E = ww.ExpressionError;
  const has = (o, k) => o !== null && o !== undefined && Object.prototype.hasOwnProperty.call(o, k);

  ww.setWorkflow = function (json) { st.wf = JSON.parse(json); st.runs = {}; };
  ww.addRuns = function (json) {
    const add = JSON.parse(json);
    for (const name of Object.keys(add)) {
      if (!st.runs[name]) st.runs[name] = [];
      for (const r of add[name]) st.runs[name].push(r);
    }
  };
  ww.setNodeStates = function (json) { st.nodeStates = JSON.parse(json); };
  const nodeState = (name) => (st.nodeStates && st.nodeStates[name]) || {};
  ww.setNode = function (json) {
    st.cur = JSON.parse(json);
    st.idx = 0;
    L.Settings.defaultZone = st.cur.timezone || 'America/New_York';
    L.Settings.now = () => st.cur.nowMs;
  };

  // ---- items of the node being run and of other nodes
  function inputItems() { return st.cur.inputs[st.cur.inputIndex] || []; }
  function noExecutionData() {
    return new E(`Node '${st.cur.node}' hasn't been executed`, {
      contextType: 'no_execution_data',
      description: 'This node has no input data for this item. Execute the previous nodes first.',
    });
  }
  function currentItem(idx) {
    const it = idx >= 0 ? inputItems()[idx] : undefined;
    if (!it) throw noExecutionData();
    return it;
  }
  function nodeExists(name) { return has(st.wf.nodes, name); }
  function checkNode(name) {
    if (!nodeExists(name)) {
      throw new E("Referenced node doesn't exist", {
        contextType: 'node_does_not_exist',
        description: `The node '${name}' is not in the workflow; check the name in the expression.`,
      });
    }
  }
  function hasData(name) { return has(st.wf.pinData, name) || !!(st.runs[name] && st.runs[name].length); }
  function outputItems(name, output, run) {
    checkNode(name);
    if (has(st.wf.pinData, name) && !output) return st.wf.pinData[name];
    const runs = st.runs[name];
    if (!runs || !runs.length) {
      throw new E(`Node '${name}' hasn't been executed`, {
        contextType: 'no_node_execution_data',
        description: `An expression references the node '${name}', but it hasn't run yet in this execution.`,
      });
    }
    let r = run === undefined || run === null ? -1 : run;
    if (r < 0) r = runs.length + r;
    if (r < 0 || r >= runs.length) throw new E(`Run ${run} of node '${name}' not found`, { contextType: 'no_node_execution_data' });
    const main = runs[r].main || [];
    return main[output || 0] || [];
  }
  function defaultOutput(name) {
    const parents = st.wf.parents || {};
    const seen = new Set([st.cur.node]);
    const queue = [st.cur.node];
    while (queue.length) {
      const n = queue.shift();
      for (const p of parents[n] || []) {
        if (p.node === name) return p.output;
        if (!seen.has(p.node)) { seen.add(p.node); queue.push(p.node); }
      }
    }
    return 0;
  }

  // ---- paired items: walk pairedItem links back through run data until `dest` is reached
  function pairedErr(type, message, description) { return new E(message, { contextType: type, description }); }
  function walk(dest, p, sources, atNode, depth) {
    if (depth > 1000) throw pairedErr('paired_item_no_connection', "Can't get data for expression", 'The paired-item chain is too long.');
    if (p === undefined || p === null) {
      throw pairedErr('paired_item_no_info', "Can't get data for expression",
        `Paired item data for an item from node '${atNode}' is unavailable. Ensure '${atNode}' is providing the required output.`);
    }
    if (Array.isArray(p)) {
      if (p.length === 1) return walk(dest, p[0], sources, atNode, depth);
      const found = [];
      let firstErr = null;
      for (const q of p) {
        try {
          const it = walk(dest, q, sources, atNode, depth + 1);
          if (!found.includes(it)) found.push(it);
        } catch (e) {
          if (!(e instanceof E)) throw e;
          firstErr = firstErr || e;
        }
      }
      if (found.length === 1) return found[0];
      if (found.length > 1) {
        throw pairedErr('paired_item_multiple_matches', 'Multiple matches found',
          `Several items of '${dest}' match this item; use .first(), .last(), .all()[index] or .itemMatching() instead of .item.`);
      }
      throw firstErr || pairedErr('paired_item_no_info', "Can't get data for expression", 'No paired item.');
    }
    const q = typeof p === 'number' ? { item: p, input: 0 } : { item: p.item, input: p.input || 0 };
    const s = (p && p.sourceOverwrite) || sources[q.input];
    if (!s || !s.previousNode) {
      throw pairedErr('paired_item_no_connection', "Can't get data for expression",
        `There is no connection back to the node '${dest}', but it's used in an expression here.`);
    }
    const prev = s.previousNode;
    const run = s.previousNodeRun || 0;
    const items = outputItems(prev, s.previousNodeOutput || 0, run);
    const item = items[q.item];
    if (!item) {
      throw pairedErr('paired_item_invalid_info', "Can't get data for expression",
        `The paired-item data of an item points to item ${q.item} of '${prev}', which does not exist.`);
    }
    if (prev === dest) return item;
    const task = (st.runs[prev] || [])[run];
    return walk(dest, item.pairedItem, (task && task.source) || [], prev, depth + 1);
  }
  function isAncestor(name) {
    const parents = st.wf.parents || {};
    const seen = new Set([st.cur.node]);
    const queue = [st.cur.node];
    while (queue.length) {
      for (const p of parents[queue.shift()] || []) {
        if (p.node === name) return true;
        if (!seen.has(p.node)) { seen.add(p.node); queue.push(p.node); }
      }
    }
    return false;
  }
  function pairedItem(dest, idx) {
    checkNode(dest);
    if (!isAncestor(dest)) {
      throw pairedErr('paired_item_no_connection', 'No path back to referenced node',
        `There is no connection back to the node '${dest}', but it's used in an expression here.`);
    }
    const cur = inputItems()[idx];
    const sources = st.cur.source || [];
    if (!cur || !sources.some(Boolean)) {
      if (!hasData(dest)) outputItems(dest, 0); // throws "hasn't been executed"
      return outputItems(dest, defaultOutput(dest))[idx];
    }
    if (!hasData(dest)) outputItems(dest, 0); // throws "hasn't been executed"
    return walk(dest, cur.pairedItem === undefined ? { item: idx } : cur.pairedItem, sources, st.cur.node, 0);
  }
  ww.pairedItem = pairedItem;

  function nodeProxy(name) {
    checkNode(name);
    const items = (out, run) => outputItems(name, out === undefined || out === null ? defaultOutput(name) : out, run);
    return {
      all: (out, run) => items(out, run),
      first: (out, run) => items(out, run)[0],
      last: (out, run) => { const a = items(out, run); return a[a.length - 1]; },
      get item() { return pairedItem(name, st.idx); },
      itemMatching: (i) => pairedItem(name, i),
      pairedItem: (i) => pairedItem(name, i === undefined ? st.idx : i),
      get params() { return st.wf.nodes[name].parameters; },
      get isExecuted() { return hasData(name); },
      get context() { return nodeState(name); },
    };
  }
  function legacyNode(name, idx) {
    checkNode(name);
    const item = () => outputItems(name, defaultOutput(name))[idx];
    return {
      get json() { const it = item(); return it ? it.json : undefined; },
      get binary() { const it = item(); return it ? it.binary : undefined; },
      get data() { const it = item(); return it ? it.json : undefined; },
      get parameter() { return st.wf.nodes[name].parameters; },
      get context() { return nodeState(name); },
      get runIndex() { return ((st.runs[name] || []).length || 1) - 1; },
    };
  }

  const isEmptyValue = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0);

  /** The names an expression sees; `fixed` pins the item index (for $item(i)). */
  ww.makeData = function (fixed) {
    const idx = () => (fixed === undefined ? st.idx : fixed);
    const data = Object.create(null);
    const getters = {
      $json: () => currentItem(idx()).json,
      $data: () => currentItem(idx()).json,
      $binary: () => currentItem(idx()).binary || {},
      $input: () => ({
        get item() { return currentItem(idx()); },
        first: () => inputItems()[0],
        last: () => { const a = inputItems(); return a[a.length - 1]; },
        all: () => inputItems(),
        get params() { return st.cur.params; },
        get context() { return st.cur.context || {}; },
      }),
      $node: () => new Proxy({}, { get: (t, k) => (typeof k === 'string' ? legacyNode(k, idx()) : undefined) }),
      $parameter: () => st.cur.params,
      $nodeVersion: () => st.cur.typeVersion,
      $nodeId: () => st.cur.id,
      $runIndex: () => st.cur.runIndex,
      $itemIndex: () => idx(),
      $mode: () => st.cur.mode,
      $workflow: () => ({ id: st.cur.workflowId, name: st.wf.name, active: st.cur.workflowActive }),
      $execution: () => ({
        id: st.cur.executionId,
        mode: st.cur.mode === 'manual' ? 'test' : 'production',
        resumeUrl: st.cur.resumeUrl,
        resumeFormUrl: st.cur.resumeUrl,
        customData: { set() {}, setAll() {}, get() { return undefined; }, getAll() { return {}; } },
      }),
      $vars: () => st.cur.vars || {},
      $env: () => {
        if (st.cur.env === null || st.cur.env === undefined) {
          throw new E('access to env vars denied', {
            description: 'Expressions may not read environment variables on this instance (the administrator can allow it).',
          });
        }
        return st.cur.env;
      },
      $prevNode: () => {
        const s = (st.cur.source || [])[st.cur.inputIndex] || (st.cur.source || [])[0];
        return s ? { name: s.previousNode, outputIndex: s.previousNodeOutput || 0, runIndex: s.previousNodeRun || 0 } : {};
      },
      $now: () => DateTime.now(),
      $today: () => DateTime.now().startOf('day'),
    };
    for (const k of Object.keys(getters)) Object.defineProperty(data, k, { get: getters[k], enumerable: true });
    Object.assign(data, {
      $: (name) => nodeProxy(name),
      $items: (name, out, run) => (name === undefined ? inputItems() : outputItems(name, out || 0, run)),
      $item: (i) => ww.makeData(i),
      DateTime: L.DateTime,
      Duration: L.Duration,
      Interval: L.Interval,
      $jmespath: (obj, expr) => jmespath.search(obj, expr),
      $if: (c, a, b) => (c ? a : (b === undefined ? false : b)),
      $ifEmpty: (v, d) => (isEmptyValue(v) ? d : v),
      $isEmpty: (v) => isEmptyValue(v),
      $min: (...n) => Math.min(...n),
      $max: (...n) => Math.max(...n),
      $average: (...n) => (n.length ? n.reduce((a, b) => a + b, 0) / n.length : NaN),
      $not: (v) => !v,
      zip: ww.zip,
      __ext: ww.ext,
      __san: ww.sanitize,
    });
    return data;
  };
  ww.data = ww.makeData();
  ww.scope = ww.scopeFor(ww.data);
})(__ww);
