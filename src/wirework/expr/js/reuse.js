/* Engine reuse across executions (loaded last, only in pooled engines).
 * At load time we record every own property of the objects reachable from the global object
 * (builtins, their prototypes, Luxon, the runtime). __ww.resetForReuse() clears the execution
 * state and reports whether that picture is still intact: an engine whose globals or builtins
 * were changed by user code (a Code node's `globalThis.x = 1`, `Array.prototype.f = …`) is not
 * reused, so nothing set by one execution is visible to the next. */
(function (ww) {
  'use strict';
  const L = ww.L;
  const MAX_DEPTH = 4;

  // Work that can run after an execution ended must not reach the next one: timers (mini-racer's
  // setTimeout sits on Atomics.waitAsync) are counted and an engine with any still pending is
  // retired; GC callbacks and background WebAssembly compiles are not offered at all.
  let outstanding = 0;
  const realWaitAsync = Atomics.waitAsync;
  const settle = () => { outstanding--; };
  Atomics.waitAsync = function waitAsync(...args) {
    const r = Reflect.apply(realWaitAsync, Atomics, args);
    if (r && r.async) {
      outstanding++;
      r.value.then(settle, settle);
    }
    return r;
  };
  delete globalThis.FinalizationRegistry;
  delete globalThis.WebAssembly;
  // execution state that legitimately changes; reset below instead of compared
  const SKIP_KEYS = new Map([[ww, new Set(['st', 'code', 'data', 'scope'])]]);
  const SKIP_OBJECTS = new Set([ww.st]);
  if (typeof __timer_manager === 'object') SKIP_OBJECTS.add(__timer_manager);

  const extraRoots = () => {
    const out = [];
    const add = (f) => { try { out.push(f()); } catch (e) { /* not available */ } };
    add(() => Object.getPrototypeOf(async function () {}));
    add(() => Object.getPrototypeOf(function* () {}));
    add(() => Object.getPrototypeOf(async function* () {}));
    add(() => Object.getPrototypeOf([][Symbol.iterator]()));
    add(() => Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
    add(() => Object.getPrototypeOf(new Map().entries()));
    add(() => Object.getPrototypeOf(new Set().values()));
    add(() => Object.getPrototypeOf(''[Symbol.iterator]()));
    add(() => Object.getPrototypeOf('a'.matchAll(/a/g)));
    add(() => Object.getPrototypeOf(Uint8Array));
    add(() => Object.getPrototypeOf(Uint8Array.prototype));
    add(() => Object.getPrototypeOf(__timer_manager));
    return out;
  };

  function describe(obj) {
    const keys = Reflect.ownKeys(obj);
    const skip = SKIP_KEYS.get(obj);
    const props = [];
    for (const k of keys) {
      if (skip && skip.has(k)) continue;
      const d = Reflect.getOwnPropertyDescriptor(obj, k);
      props.push([k, d.value, d.get, d.set, d.writable, d.enumerable, d.configurable]);
    }
    return { proto: Object.getPrototypeOf(obj), extensible: Object.isExtensible(obj), props };
  }

  function walk() {
    const seen = new Map();
    let level = [globalThis, ...extraRoots()];
    for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
      const next = [];
      for (const obj of level) {
        if (seen.has(obj) || SKIP_OBJECTS.has(obj)) continue;
        const desc = describe(obj);
        seen.set(obj, desc);
        const follow = (v) => {
          if ((typeof v === 'object' && v !== null) || typeof v === 'function') next.push(v);
        };
        follow(desc.proto);
        for (const p of desc.props) { follow(p[1]); follow(p[2]); follow(p[3]); }
      }
      level = next;
    }
    return seen;
  }

  let pristine = null;

  function stIsPlain() {
    const st = ww.st;
    if (Object.getPrototypeOf(st) !== Object.prototype || !Object.isExtensible(st)) return false;
    for (const k of Reflect.ownKeys(st)) {
      const d = Reflect.getOwnPropertyDescriptor(st, k);
      if (!('value' in d) || !d.writable || !d.configurable) return false;
    }
    return true;
  }

  /** True when the engine can serve another execution (state cleared, nothing tampered). */
  const timers = typeof __timer_manager === 'object' ? __timer_manager : null;
  const timerKeys = timers ? Reflect.ownKeys(timers).join(',') : '';
  function timersIntact() {
    if (!timers) return true;
    if (Reflect.ownKeys(timers).join(',') !== timerKeys) return false;
    const d = Reflect.getOwnPropertyDescriptor(timers, 'pending');
    return !!d && 'value' in d && d.value instanceof Set && Object.getPrototypeOf(d.value) === Set.prototype;
  }

  /** describe(obj) still equals `before`, checked without building the description: this runs
   * after every execution over ~2k objects, and allocating their descriptions dominated it. */
  function unchanged(before, obj) {
    if (Object.getPrototypeOf(obj) !== before.proto || Object.isExtensible(obj) !== before.extensible) return false;
    const skip = SKIP_KEYS.get(obj);
    const props = before.props;
    let i = 0;
    for (const k of Reflect.ownKeys(obj)) {
      if (skip && skip.has(k)) continue;
      const p = props[i++];
      if (p === undefined || p[0] !== k) return false;
      const d = Reflect.getOwnPropertyDescriptor(obj, k);
      if (!Object.is(p[1], d.value) || p[2] !== d.get || p[3] !== d.set || p[4] !== d.writable ||
          p[5] !== d.enumerable || p[6] !== d.configurable) return false;
    }
    return i === props.length;
  }

  ww.isPristine = function () {
    if (outstanding > 0 || !stIsPlain() || !timersIntact()) return false;
    for (const [obj, before] of pristine) {
      if (!unchanged(before, obj)) return false;
    }
    return true;
  };

  ww.resetForReuse = function () {
    const ok = ww.isPristine();
    if (!ok) return false;
    const st = ww.st;
    for (const k of Reflect.ownKeys(st)) delete st[k];
    Object.assign(st, { wf: null, runs: {}, cur: null, idx: 0 });
    ww.code = null;
    ww.data = ww.makeData();
    ww.scope = ww.scopeFor(ww.data);
    if (timers) timers.pending = new Set();
    /(?:)/.exec('');  // RegExp.$1 / lastMatch / input must not carry the last execution's data
    const S = L.Settings;
    S.defaultZone = 'America/New_York';
    S.now = () => Date.now();
    S.defaultLocale = null;
    S.defaultNumberingSystem = null;
    S.defaultOutputCalendar = null;
    S.throwOnInvalid = false;
    S.twoDigitCutoffYear = 60;
    return true;
  };
  pristine = walk();
})(__ww);
