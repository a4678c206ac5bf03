// Validate a fineprint SARIF log against the official SARIF 2.1.0 JSON
// schema (sarif-2.1.0-rtm.5.json, vendored beside this file), then check
// what the schema cannot say: every ruleIndex points at the rule with that
// id, lines and columns are 1-based and ordered, every level matches the
// rule's severity, and the documents named on the command line all appear
// (as results or as notifications).
// Usage: node check.js LOG.sarif [EXPECT-ERROR-URI...]
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'sarif-2.1.0-rtm.5.json'), 'utf8'));
const log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const expectErrors = process.argv.slice(3);
const problems = [];
const fail = (m) => problems.push(m);

const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }) // the schema's language pattern is not valid with the u flag;
addFormats(ajv);
const validate = ajv.compile(schema);
if (!validate(log))
    for (const e of validate.errors.slice(0, 20))
        fail(`schema: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

const levels = { high: 'error', medium: 'warning', low: 'note', info: 'note', fair: 'none' };
if (log.version !== '2.1.0') fail('version is not 2.1.0');
if (log.$schema !== 'https://json.schemastore.org/sarif-2.1.0.json') fail('wrong $schema');
if (!Array.isArray(log.runs) || log.runs.length !== 1) fail('want exactly one run');
const run = log.runs[0] || {};
const driver = (run.tool || {}).driver || {};
const rules = driver.rules || [];
if (driver.name !== 'fineprint' || !driver.version) fail('driver name/version');
if (rules.length === 0) fail('no rules in tool.driver.rules');
const ids = new Set();
for (const r of rules) {
    if (ids.has(r.id)) fail(`duplicate rule id ${r.id}`);
    ids.add(r.id);
    for (const k of ['category', 'bearer', 'severity'])
        if (!r.properties || typeof r.properties[k] !== 'string') fail(`rule ${r.id}: properties.${k}`);
    if (!r.help || !r.help.text.startsWith(r.fullDescription.text)) fail(`rule ${r.id}: help lacks the explanation`);
    if (r.defaultConfiguration.level !== levels[r.properties.severity]) fail(`rule ${r.id}: default level`);
}
const results = run.results || [];
const seenUris = new Set();
for (const [i, res] of results.entries()) {
    const where = `results[${i}] (${res.ruleId})`;
    const rule = rules[res.ruleIndex];
    if (!rule || rule.id !== res.ruleId) fail(`${where}: ruleIndex ${res.ruleIndex} does not name ${res.ruleId}`);
    if (res.level !== levels[res.properties && res.properties.severity]) fail(`${where}: level ${res.level}`);
    if (!res.message || !/ bears? | indemnifies |does not say who/.test(res.message.text)) fail(`${where}: message does not say who bears it`);
    const loc = (res.locations || [])[0];
    const pl = loc && loc.physicalLocation;
    if (!pl || !pl.artifactLocation || !pl.artifactLocation.uri) { fail(`${where}: no artifact uri`); continue; }
    const uri = pl.artifactLocation.uri;
    seenUris.add(uri);
    if (/^[a-z]+:/.test(uri) === false && uri.startsWith('/')) fail(`${where}: absolute path without file:`);
    const reg = pl.region;
    if (/\.(docx|odt)$/.test(uri)) {
        if (reg) fail(`${where}: a region in a DOCX/ODT`);
        const ll = (loc.logicalLocations || [])[0];
        if (!ll || !/^[a-z]+\/paragraph [1-9][0-9]*(\/.+)?$/.test(ll.fullyQualifiedName)) fail(`${where}: logical location`);
    } else {
        if (!reg || !(reg.startLine >= 1)) { fail(`${where}: no 1-based startLine`); continue; }
        if ('startColumn' in reg && !(reg.startColumn >= 1)) fail(`${where}: startColumn`);
        if ('endLine' in reg && (reg.endLine < reg.startLine ||
            (reg.endLine === reg.startLine && reg.endColumn <= reg.startColumn))) fail(`${where}: end before start`);
        // A region with byte offsets must cover the matched words in the file.
        if ('byteOffset' in reg && fs.existsSync(uri)) {
            const got = fs.readFileSync(uri).subarray(reg.byteOffset, reg.byteOffset + reg.byteLength).toString();
            const line = fs.readFileSync(uri, 'utf8').split('\n')[reg.startLine - 1] || '';
            const chars = Array.from(line);
            if (reg.endLine === reg.startLine &&
                chars.slice(reg.startColumn - 1, reg.endColumn - 1).join('') !== got)
                fail(`${where}: line/column and byte range disagree: ${JSON.stringify(got)}`);
        }
    }
}
const inv = (run.invocations || [])[0];
if (!inv) fail('no invocation');
else {
    const notes = inv.toolExecutionNotifications || [];
    const errs = notes.filter((n) => n.level === 'error');
    if (inv.executionSuccessful !== (errs.length === 0)) fail('executionSuccessful disagrees with the error notifications');
    for (const want of expectErrors) {
        const n = errs.find((e) => e.locations[0].physicalLocation.artifactLocation.uri === want);
        if (!n) fail(`no error notification for ${want}`);
        else if (!n.message.text.includes(': ')) fail(`notification for ${want} gives no reason`);
    }
}
if (problems.length) {
    console.log(problems.join('\n'));
    process.exit(1);
}
console.log(`sarif: valid against the SARIF 2.1.0 schema; ${rules.length} rules, ${results.length} results, ${seenUris.size} documents`);
