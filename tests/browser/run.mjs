// run.mjs: browser tests of the running wijkregie server in Debian's Chromium.
//
// Why: the pages must meet WCAG 2.1 AA, work at 360 px wide and without JavaScript, and break no
// Content-Security-Policy rule; only a real browser shows that. For every step of pages.json this
// opens the page three times: at desktop width (status, expected texts, axe-core WCAG 2.1 A/AA
// checks, console errors, CSP violations, screenshot), at 360 px (the same, plus no horizontal
// scroll) and with JavaScript disabled (status, the main heading is still there).
//
// Usage: BASE_URL=http://127.0.0.1:8080 node tests/browser/run.mjs [step-name ...]
// Environment: BASE_URL (default http://127.0.0.1:8080), PAGES (default tests/browser/pages.json),
// DEMO_PASSWORD (default wijkregie-demo), CHROMIUM (default /usr/bin/chromium).
// A step: {"name", "path", "login"?: demo account, "expect"?: [visible text fragments],
//          "modes"?: the modes to open it in (default ["desktop", "360", "nojs"]; also "nojs360": 360 px
//          without JavaScript, with axe), "journey"?: true to print how many steps a person takes (the
//          page first opened, each link followed and each form sent; logging in not counted),
//          "viewport"?: width in px, "status"?: exact expected status (default: any below 400),
//          "formErrors"?: true when a submission of the journey is wrong on purpose (its 400 page
//          with the error summary is no console error),
//          "waitFor"?: CSS selector to wait for when JavaScript runs (for example ".wr-map .leaflet-interactive"),
//          "submit"?: [forms to submit or links to follow, in order, starting from "path"]}.
// A submission: {"open"?: [selectors clicked first without leaving the page, such as a <summary>],
//                "fill"?: {selector: text}, "select"?: {selector: option label}, "check"?: [selector],
//                "files"?: {selector of a file input: path from the repository root},
//                "click": selector of the submit button or link (the first match),
//                "contact"?: true when this click ends one contact at the counter's till}. A step with
//                "maxActions": N counts the actions of each contact (every field filled, option chosen,
//                box checked and the click, since the previous contact ended) and fails above N. The checks of the step
// then run on the page the last click led to (after redirects), in every mode: so without JavaScript the
// form is submitted by the browser itself. Each mode submits anew (a step that reports a signal makes three).
// In "fill" texts and in "mailLink", {mode} becomes the mode's name, so each mode can use an
// e-mail address of its own. "mailLink": {"to": address, "match": regular expression with one
// group} takes the step's path from the last e-mail the server sent to that address, as the SMTP
// sink in MAIL_DIR received it (tools/browser-test.sh starts it; its NNNN.json files): group 1 of
// the match in the body, waiting up to 30 s for the message. A submission may be {"mailLink": ...}
// instead of a click: the page of the link in the last e-mail to that address is opened then (a
// journey that signs up and follows the link it was sent). "axe": true in a submission checks the
// page it starts from with axe too (in the modes that run axe), so a journey checks every page.
// Output: one line per check, then exactly "N passed, M failed"; exit status 1 on any failure.
// Screenshots go to tests/browser/out/ (ignored by git): of every visit when SCREENSHOTS=all (the
// default when run by hand, to look at), only of visits with a failed check when SCREENSHOTS=failed
// (what make check uses: a full-page screenshot of a long page costs seconds). TIMING=1 prints how
// long each visit took.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const pagesFile = resolve(process.env.PAGES || join(here, 'pages.json'));
const password = process.env.DEMO_PASSWORD || 'wijkregie-demo';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const outDir = join(here, 'out');
const mailDir = process.env.MAIL_DIR || '';
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const desktop = { width: 1280, height: 800 };
const narrow = 360;
const navTimeout = 30000;
const screenshots = process.env.SCREENSHOTS || 'all';
const timing = process.env.TIMING === '1';
// The elements whose scripts fetch after the load event (static/js/map.js, report-map.js).
const fetchesAfterLoad = '.wr-map, .wr-pick-map';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let passed = 0;
let failed = 0;

// check records one result line; detail lines are indented under a failure.
function check(ok, label, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${label}`);
  } else {
    failed++;
    console.log(`FAIL ${label}`);
    for (const line of [].concat(detail || [])) {
      console.log(`       ${line}`);
    }
  }
}

function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== undefined ? code : failed > 0 ? 1 : 0);
}

function loadSteps() {
  const steps = JSON.parse(readFileSync(pagesFile, 'utf8'));
  if (!Array.isArray(steps)) {
    throw new Error(`${pagesFile}: expected a JSON list of steps`);
  }
  const seen = new Set();
  for (const s of steps) {
    if (!s || typeof s.name !== 'string' || typeof s.path !== 'string' || !s.path.startsWith('/')) {
      throw new Error(`${pagesFile}: every step needs a "name" and a "path" starting with /: ${JSON.stringify(s)}`);
    }
    if (seen.has(s.name)) {
      throw new Error(`${pagesFile}: duplicate step name ${s.name}`);
    }
    seen.add(s.name);
    if (s.expect !== undefined && !Array.isArray(s.expect)) {
      throw new Error(`${pagesFile}: "expect" of ${s.name} must be a list`);
    }
    if (s.submit !== undefined &&
        (!Array.isArray(s.submit) || !s.submit.every((f) => f && (typeof f.click === 'string' || f.mailLink)))) {
      throw new Error(`${pagesFile}: "submit" of ${s.name} must be a list of objects with a "click" selector or a "mailLink"`);
    }
  }
  const only = process.argv.slice(2);
  return only.length ? steps.filter((s) => only.includes(s.name)) : steps;
}

function forMode(text, mode) {
  return String(text).replace(/\{mode\}/g, mode);
}

// linkFromMail waits for a message to `to` in the sink's folder and returns group 1 of `match` in
// the body of the last one.
async function linkFromMail(link, mode, since) {
  if (!mailDir) {
    throw new Error('mailLink needs MAIL_DIR (the SMTP sink folder)');
  }
  const to = forMode(link.to, mode);
  const rx = new RegExp(forMode(link.match, mode));
  for (let i = 0; i < 300; i++) {
    // only what arrived during this visit: an earlier mode's message to the same address holds a
    // link that is used already
    const names = readdirSync(mailDir).filter((n) => n.endsWith('.json')).sort().filter((n) => !since.has(n));
    const bodies = names
      .map((n) => JSON.parse(readFileSync(join(mailDir, n), 'utf8')))
      .filter((m) => (m.rcpt_tos || []).length === 1 && m.rcpt_tos[0] === to && rx.test(m.body || ''));
    if (bodies.length) {
      return rx.exec(bodies[bodies.length - 1].body)[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${to} matching ${rx} within 30 s`);
}

function fileName(s) {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

// Logs in once per demo account through the real form; the cookies are reused by later contexts
// (logging in for every page would be slow and could trip the server's login rate limit), until a
// journey of that account logs out.
const sessions = new Map();
async function sessionFor(browser, login) {
  if (sessions.has(login)) {
    return sessions.get(login);
  }
  const context = await browser.newContext({ viewport: desktop });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(navTimeout);
    await page.goto(`${baseUrl}/inloggen`, { waitUntil: 'load' });
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill(password);
    const submit = page.locator('form:has(input[name="password"]) [type="submit"]').first();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), submit.click()]);
    const loggedIn = (await page.locator('form[action="/uitloggen"]').count()) > 0;
    const state = loggedIn ? await context.storageState() : null;
    sessions.set(login, state);
    check(loggedIn, `login ${login}`, loggedIn ? [] : [`still no logout form after submitting the login form (at ${page.url()})`]);
    return state;
  } catch (e) {
    sessions.set(login, null);
    check(false, `login ${login}`, [String(e.message || e).split('\n')[0]]);
    return null;
  } finally {
    await context.close();
  }
}

function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 5)) {
      lines.push(`  at ${n.target.join(' ')}`);
      const summary = (n.failureSummary || '').split('\n').map((l) => l.trim()).filter(Boolean);
      for (const l of summary.slice(0, 3)) {
        lines.push(`    ${l}`);
      }
    }
    if (v.nodes.length > 5) {
      lines.push(`  ... and ${v.nodes.length - 5} more`);
    }
  }
  return lines;
}

async function runAxe(page) {
  await page.evaluate(axeSource); // evaluate is not subject to the page's CSP
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary }))
    }));
  }, axeTags);
}

// Pages are reused: opening a page in Chromium costs about half a second (a renderer process and a
// window), which over some 350 visits was most of the suite's time. There is one long-lived context
// with JavaScript and one without; each visit starts from a blank page with the context's cookies
// replaced by the step's session (the app keeps nothing else in the browser: no local storage),
// its own viewport and its own listeners, so visits stay as independent as fresh contexts were.
// A visit that fails leaves its page to be replaced.
const pool = new Map();
async function pooledPage(browser, js) {
  let entry = pool.get(js);
  if (entry && !entry.page.isClosed()) {
    return entry;
  }
  if (entry) {
    await entry.context.close().catch(() => {});
  }
  const context = await browser.newContext({ viewport: desktop, javaScriptEnabled: js, locale: 'nl-NL' });
  if (js) {
    await context.addInitScript(() => {
      window.__wrCsp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__wrCsp.push(`${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
      });
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(navTimeout);
  entry = { context, page };
  pool.set(js, entry);
  return entry;
}

async function closePool() {
  for (const { context } of pool.values()) {
    await context.close().catch(() => {});
  }
  pool.clear();
}

// axeWithoutScripts checks a page that was walked without JavaScript: axe needs the page's timers,
// which do not run then, so the same HTML, its scripts taken out, is served at the same address in a
// page of the same width with JavaScript on, and checked there.
async function axeWithoutScripts(browser, page, width) {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const { page: copy } = await pooledPage(browser, true);
  const match = (u) => u.href === url;
  const serve = (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  await copy.setViewportSize({ width, height: 740 });
  await copy.route(match, serve);
  try {
    await copy.goto(url, { waitUntil: 'load' });
    return await runAxe(copy);
  } finally {
    await copy.unroute(match, serve);
    await copy.goto('about:blank').catch(() => {});
  }
}

// visit opens one step in one mode ("desktop", "360" or "nojs") and records its checks.
async function visit(browser, step, mode, state) {
  const label = `${step.name} [${mode}]`;
  const started = Date.now();
  const failedBefore = failed;
  const js = mode !== 'nojs' && mode !== 'nojs360';
  const width = mode === '360' || mode === 'nojs360' ? narrow : step.viewport || desktop.width;
  let loads = 1;
  let sent = 0;
  let opened = 0;
  const mailBefore = new Set(mailDir ? readdirSync(mailDir) : []);
  const { context, page } = await pooledPage(browser, js);
  await context.clearCookies();
  if (state && state.cookies.length) {
    await context.addCookies(state.cookies);
  }
  await page.setViewportSize({ width, height: width <= narrow ? 740 : desktop.height });
  const consoleErrors = [];
  const csp = [];
  let healthy = false;
  const onConsole = (msg) => {
    const t = msg.text();
    if (/Refused to|Content[- ]Security[- ]Policy/i.test(t)) {
      csp.push(t.split(/\. Either |\. Note that /)[0]);
    } else if (msg.type() === 'error') {
      const loc = msg.location();
      // A step that expects an error status (a 404 page) loads the page itself with that status.
      if (step.status !== undefined && step.status >= 400 && loc && loc.url &&
          (new URL(loc.url, baseUrl).pathname === new URL(step.path, baseUrl).pathname ||
           (step.submit && new URL(loc.url, baseUrl).pathname === new URL(page.url()).pathname)) &&
          /Failed to load resource/.test(t)) {
        return;
      }
      // A journey that sends a form wrong on purpose ("formErrors": true) gets its 400 page.
      if (step.formErrors && /Failed to load resource: the server responded with a status of 400/.test(t)) {
        return;
      }
      consoleErrors.push(loc && loc.url ? `${t} (${loc.url})` : t);
    }
  };
  const onPageError = (err) => consoleErrors.push(`uncaught: ${err.message}`);
  const onRequestFailed = (req) => {
    const why = (req.failure() && req.failure().errorText) || '';
    if (/CSP|BLOCKED_BY_CSP/i.test(why)) {
      csp.push(`${why}: ${req.url()}`);
    }
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('requestfailed', onRequestFailed);
  try {
    let response;
    let path = step.path;
    try {
      if (step.mailLink) {
        path = await linkFromMail(step.mailLink, mode, new Set());
      }
      response = await page.goto(baseUrl + path, { waitUntil: 'load' });
    } catch (e) {
      check(false, `${label} open ${path}`, [String(e.message || e).split('\n')[0]]);
      return;
    }
    let actions = 0;
    let contacts = 0;
    for (const [i, f] of (step.submit || []).entries()) {
      actions += Object.keys(f.fill || {}).length + Object.keys(f.select || {}).length +
        (f.check || []).length + Object.keys(f.files || {}).length + 1;
      if (f.contact) {
        contacts++;
        check(step.maxActions === undefined || actions <= step.maxActions,
          `${label} contact ${contacts} in ${actions} action(s)`, [`more than ${step.maxActions}`]);
        actions = 0;
      }
      if (f.axe && mode !== 'nojs') {
        let v;
        try {
          v = js ? await runAxe(page) : await axeWithoutScripts(browser, page, width);
        } catch (e) {
          v = [{ id: 'axe-error', impact: 'n/a', help: String(e.message || e).split('\n')[0], nodes: [] }];
        }
        check(v.length === 0, `${label} axe ${new URL(page.url()).pathname.replace(/[A-Za-z0-9_-]{43}$/, '{token}')}`, formatViolations(v));
      }
      if (f.mailLink) {
        try {
          response = await page.goto(baseUrl + (await linkFromMail(f.mailLink, mode, mailBefore)), { waitUntil: 'load' });
          loads++;
        } catch (e) {
          check(false, `${label} submit ${i + 1}`, [String(e.message || e).split('\n')[0]]);
          return;
        }
        continue;
      }
      try {
        for (const sel of f.open || []) {
          await page.locator(sel).first().click();
          opened++;
        }
        for (const [sel, text] of Object.entries(f.fill || {})) {
          await page.locator(sel).fill(forMode(text, mode));
        }
        for (const [sel, label] of Object.entries(f.select || {})) {
          await page.locator(sel).selectOption({ label: String(label) });
        }
        for (const sel of f.check || []) {
          await page.locator(sel).check();
        }
        for (const [sel, file] of Object.entries(f.files || {})) {
          await page.locator(sel).setInputFiles(String(file));
        }
        // evaluate runs without the page's JavaScript too
        const tag = await page.locator(f.click).first().evaluate((el) => el.tagName);
        [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(f.click).first().click()]);
        if (tag === 'A') {
          loads++;
        } else {
          sent++;
        }
      } catch (e) {
        check(false, `${label} submit ${i + 1}`, [String(e.message || e).split('\n')[0]]);
        return;
      }
    }
    if (js && (step.waitFor || (await page.locator(fetchesAfterLoad).count()) > 0)) {
      // what the map scripts fetch after the load event (outlines, tiles, addresses) may still
      // break the CSP; other pages fetch nothing after it, and without JavaScript the load event
      // is the end (waiting for the network to be idle costs at least half a second a visit)
      await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    }
    const status = response ? response.status() : 0;
    const statusOk = step.status !== undefined ? status === step.status : status > 0 && status < 400;
    check(statusOk, `${label} status ${status}`, [`expected ${step.status !== undefined ? step.status : 'below 400'}`]);

    if (js && step.waitFor) {
      const found = await page
        .waitForSelector(step.waitFor, { state: 'attached', timeout: 10000 })
        .then(() => true)
        .catch(() => false);
      check(found, `${label} shows ${step.waitFor}`);
    }

    if (mode !== 'nojs' && step.expect && step.expect.length) {
      // innerText holds only rendered text (not display:none or hidden).
      const shown = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      const missing = step.expect.filter((t) => !shown.includes(String(t).replace(/\s+/g, ' ')));
      check(missing.length === 0, `${label} shows ${step.expect.length} expected text(s)`, missing.map((t) => `not visible: ${JSON.stringify(t)}`));
    }

    if (!js) {
      const h1 = page.locator('main h1');
      const n = await h1.count();
      const visible = n > 0 && (await h1.first().isVisible());
      const text = visible ? (await h1.first().innerText()).trim() : '';
      check(visible && text !== '', `${label} main heading${text ? ` "${text}"` : ''}`, ['no visible h1 inside main']);
    }
    if (mode !== 'nojs') {
      let violations;
      try {
        violations = js ? await runAxe(page) : await axeWithoutScripts(browser, page, width);
      } catch (e) {
        violations = [{ id: 'axe-error', impact: 'n/a', help: String(e.message || e).split('\n')[0], nodes: [] }];
      }
      check(violations.length === 0, `${label} axe ${axeTags.join(',')}`, formatViolations(violations));
    }

    if (width <= narrow) {
      const sizes = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth
      }));
      const culprits = sizes.scroll > narrow
        ? await page.evaluate((w) => {
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > w + 0.5 && out.length < 5) {
                out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} right edge ${Math.round(r.right)}px`);
              }
            }
            return out;
          }, narrow)
        : [];
      check(sizes.scroll <= narrow, `${label} no horizontal scroll (${sizes.scroll}px <= ${narrow}px)`, culprits);
    }

    if (js) {
      // The page's own securitypolicyviolation events catch what the console did not report.
      const seen = await page.evaluate(() => window.__wrCsp || []).catch(() => []);
      if (csp.length === 0) {
        csp.push(...seen);
      }
    }
    check(csp.length === 0, `${label} no CSP violations`, csp);
    check(consoleErrors.length === 0, `${label} no console errors`, consoleErrors);
    if (step.journey) {
      console.log(`     journey ${step.name} [${mode}, ${width} px, JavaScript ${js ? 'on' : 'off'}]: ` +
        `${loads + sent + opened} steps (${loads} page loads, ${sent} form submissions` +
        `${opened ? `, ${opened} opened on the page` : ''})`);
    }

    if (screenshots === 'all' || (screenshots === 'failed' && failed > failedBefore)) {
      mkdirSync(outDir, { recursive: true });
      await page.screenshot({ path: join(outDir, `${fileName(step.name)}-${mode}.png`), fullPage: true, timeout: 120000 });
    }
    healthy = true;
  } catch (e) {
    check(false, `${label} ran`, [String(e.message || e).split('\n')[0]]);
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('requestfailed', onRequestFailed);
    if (healthy && failed === failedBefore) {
      healthy = await page.goto('about:blank').then(() => true, () => false);
    }
    if (!healthy) {
      // a failed visit may have left a dialog, a hung load or a crashed renderer behind
      await page.close().catch(() => {});
    }
    if (timing) {
      console.log(`     ${label}: ${((Date.now() - started) / 1000).toFixed(2)} s`);
    }
  }
}

// Return targets: /taal sends the visitor back to `terug`. A browser drops a tab from a Location
// and reads "//host" as another site, so "/<tab>/example.org/" led to example.org. Followed in
// Chromium itself, the switch must end on this site, and no request may leave it.
const redirectCheck = 'return target stays on this site';
async function checkRedirectStaysHome(browser) {
  const home = new URL(baseUrl).origin;
  const context = await browser.newContext({ viewport: desktop });
  const requested = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(navTimeout);
    page.on('request', (r) => requested.push(r.url()));
    let error = null;
    try {
      await page.goto(`${baseUrl}/taal?lang=en&terug=/%09/example.org/`, { waitUntil: 'load' });
    } catch (e) {
      error = String(e.message || e).split('\n')[0];
    }
    const away = requested.filter((u) => !u.startsWith(home + '/'));
    const at = page.url();
    check(!error && at.startsWith(home + '/') && away.length === 0, `${redirectCheck}: /taal?terug=/%09/example.org/`,
      [`ended at ${at}`].concat(error ? [error] : [], away.map((u) => `requested ${u}`)));
  } finally {
    await context.close();
  }
}

async function main() {
  let steps;
  try {
    steps = loadSteps();
  } catch (e) {
    check(false, 'read pages', [e.message]);
    finish(1);
  }
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    });
  } catch (e) {
    check(false, `start ${executablePath}`, [String(e.message || e).split('\n')[0]]);
    finish(1);
  }
  try {
    for (const step of steps) {
      let state = null;
      if (step.login) {
        state = await sessionFor(browser, step.login);
        if (!state) {
          check(false, `${step.name} skipped: login ${step.login} failed`);
          continue;
        }
      }
      const modes = step.modes || ((step.viewport || desktop.width) <= narrow ? ['360', 'nojs'] : ['desktop', '360', 'nojs']);
      for (const mode of modes) {
        await visit(browser, step, mode, state);
      }
      // A journey that logs out (to go on as someone else) ended the shared session on the
      // server: the next step with this login logs in anew.
      if (step.login && (step.submit || []).some((s) => String(s.click || '').includes('wr-logout'))) {
        sessions.delete(step.login);
      }
    }
    const only = process.argv.slice(2);
    if (!only.length || only.includes(redirectCheck)) {
      await checkRedirectStaysHome(browser);
    }
  } finally {
    await closePool();
    await browser.close();
  }
  finish();
}

main().catch((e) => {
  check(false, 'runner', [String((e && e.stack) || e)]);
  finish(1);
});
