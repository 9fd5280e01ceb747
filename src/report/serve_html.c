/* serve_html.c: the pages of `samflyt serve` (serve_html.h): the file
 * list, the model page with its what-if panel, and the forest plots of
 * the what-ifs. The charts are the reports' (results_html.c for the base
 * run, compare_html.c for the what-ifs). */
#include "report/serve_html.h"

#include "core/textout.h"
#include "model/model.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/sweep.h"
#include <string.h>

/* The dashboard's additions to the report's style sheet. */
static const char serve_style[] =
    "<style>\n"
    "form.whatif{display:flex;flex-wrap:wrap;gap:1em 2em;align-items:flex-start}\n"
    "form.whatif fieldset{border:1px solid #ccc;padding:.5em 1em}\n"
    "form.whatif label{display:block;margin:.2em 0}\n"
    "form.whatif input{width:6em;margin-left:.5em}\n"
    "form.whatif button{font-size:1em;padding:.4em 1.2em}\n"
    "#variants{display:flex;flex-wrap:wrap;gap:1em}\n"
    ".variant{box-sizing:border-box;flex:0 1 calc(33% - .7em);border:1px solid #ccc;padding:0 "
    "1em;min-width:0}\n.variant h3{margin:.5em 0 .2em}.variant p{margin:.2em 0}\n"
    ".variant pre{font-size:.8em;background:#f6f6f6;padding:.4em;overflow:auto}\n"
    "#status{color:#555}\n"
    "</style>\n";

/* Posts the form as JSON (docs/api.md) with the what-ifs tried before it
 * that are still chosen, so that the server's forest plots (the compare
 * report's, drawn by the server) show them side by side against the base;
 * each answer also adds a card with what changed and its overlay. */
static const char serve_script[] =
    "<script>\n"
    "(function(){\n"
    "var form=document.getElementById('whatif'),list=document.getElementById('variants'),\n"
    "forest=document.getElementById('forest'),st=document.getElementById('status'),n=0;\n"
    "function run(req,title,label){\n"
    " req.model=form.dataset.model;if(title==='What-if')req.name='what-if '+(n+1);\n"
    " var earlier=[];list.querySelectorAll('.variant').forEach(function(c){\n"
    "  var k=c.querySelector('input.pick');if(c.dataset.req&&(!k||k.checked))\n"
    "   earlier.push(JSON.parse(c.dataset.req));});\n"
    " var body=JSON.parse(JSON.stringify(req));\n"
    " if(earlier.length)body.earlier=earlier.slice(-7);\n"
    " st.textContent='running\\u2026';\n"
    " fetch('/api/whatif',{method:'POST',headers:{'Content-Type':'application/json'},\n"
    "  body:JSON.stringify(body)})\n"
    " .then(function(r){return r.json().then(function(j){return [r.status,j];});})\n"
    " .then(function(a){var j=a[1];\n"
    "  if(a[0]!==200){st.textContent='error '+a[0]+': '+j.error;return;}\n"
    "  n++;st.textContent=title+' '+n+' done in '+j.seconds.toFixed(2)+' s';\n"
    "  forest.innerHTML=j.svg;forest.dataset.n=n;\n"
    "  var c=document.createElement('div');c.className='variant';c.id='variant-'+n;\n"
    "  var h=document.createElement('h3');h.textContent=title+' '+n+': '+label;c.appendChild(h);\n"
    "  var p=document.createElement('p');p.className='note';\n"
    "  p.textContent=j.replications+' replications, seed '+j.seed+', common random numbers';\n"
    "  c.appendChild(p);\n"
    "  if(j.overlay){var x=document.createElement('details'),y=document.createElement('summary');\n"
    "   y.textContent='as a scenario';x.appendChild(y);\n"
    "   var d=document.createElement('a');d.download='what-if-'+n+'.yaml';\n"
    "   d.href=URL.createObjectURL(new Blob([j.model_yaml],{type:'text/yaml'}));\n"
    "   d.textContent='download the model with this what-if (for samflyt compare)';\n"
    "   x.appendChild(d);\n"
    "   var o=document.createElement('pre');o.textContent=j.overlay;x.appendChild(o);\n"
    "   c.appendChild(x);}\n"
    "  c.dataset.req=JSON.stringify(req);var pk=document.createElement('label');\n"
    "  pk.innerHTML='<input type=checkbox class=pick checked> in the charts and the report';\n"
    "  c.appendChild(pk);list.appendChild(c);})\n"
    " .catch(function(x){st.textContent='error: '+x;});}\n"
    "form.addEventListener('submit',function(e){\n"
    " e.preventDefault();\n"
    " var changes=[],label=[];\n"
    " form.querySelectorAll('input[data-path]').forEach(function(i){\n"
    "  if(i.value!==i.defaultValue){changes.push({path:i.dataset.path,value:Number(i.value)});\n"
    "   label.push(i.dataset.label+' '+i.defaultValue+' \\u2192 '+i.value);}});\n"
    " var g=Number(form.elements.growth.value);\n"
    " if(g!==1)label.push('demand \\u00d7 '+g);\n"
    " run({changes:changes,growth:g},'What-if',label.join(', ')||'no change');});\n"
    "document.querySelectorAll('button[data-scenario]').forEach(function(b){\n"
    " b.addEventListener('click',function(){\n"
    "  run({scenario:b.dataset.scenario},'Scenario',b.dataset.scenario);});});\n"
    "})();\n"
    "</script>\n";

/* A link to path under route (/model?path=...), the path %-encoded. */
static void link(FILE *f, const char *route, const char *path) {
    fprintf(f, "<a href=\"%s?path=", route);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-_./", *p))
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    fputs("\">", f);
    sf_html_str(f, path);
    fputs("</a>", f);
}

int sf_serve_html_index(FILE *f, const char *dir, const char *const *models, int nmodels,
                        const char *const *data, int ndata, const char *const *sweeps,
                        int nsweeps) {
    sf_html_begin(f, "samflyt");
    fputs("<p>Models and data files in <code>", f);
    sf_html_str(f, dir);
    fputs("</code>. A model's page shows its base run and asks what if.</p>\n<h2>Models</h2>\n<ul>",
          f);
    for (int i = 0; i < nmodels; i++) {
        fputs("<li>", f);
        link(f, "/model", models[i]);
        fputs("</li>\n", f);
    }
    fputs(nmodels ? "</ul>\n" : "<li>none (*.yaml)</li></ul>\n", f);
    fputs("<h2>Data files</h2>\n<p class=\"note\">A data file's page shows its flow indicators "
          "for a period and units you choose.</p>\n<ul>",
          f);
    for (int i = 0; i < ndata; i++) {
        fputs("<li>", f);
        link(f, "/data", data[i]);
        fputs("</li>\n", f);
    }
    fputs(ndata ? "</ul>\n" : "<li>none</li></ul>\n", f);
    fputs("<h2>Sweeps</h2>\n<p class=\"note\">A folder <code>samflyt sweep -o</code> wrote: "
          "its feasible region, Pareto front and the cost of each target.</p>\n<ul>",
          f);
    for (int i = 0; i < nsweeps; i++) {
        fputs("<li>", f);
        link(f, "/sweep", sweeps[i]);
        fputs("</li>\n", f);
    }
    fputs(nsweeps ? "</ul>\n" : "<li>none</li></ul>\n", f);
    sf_html_end(f);
    return ferror(f) ? SF_ERR_IO : 0;
}

static const char *capacity_word(sf_unit_kind k) {
    return k == SF_UNIT_WALKIN ? "servers" : k == SF_UNIT_WARD ? "beds" : "doctors";
}

/* A dotted path with name quoted when it holds a dot (scenario.c). */
static void path_attr(FILE *f, const char *head, const char *name, const char *tail) {
    fprintf(f, " data-path=\"%s.", head);
    if (strchr(name, '.')) {
        fputs("&quot;", f);
        sf_html_str(f, name);
        fputs("&quot;", f);
    } else
        sf_html_str(f, name);
    fprintf(f, ".%s\"", tail);
}

int sf_serve_html_model(FILE *f, const char *path, const sf_model *m, const sf_results *r) {
    return sf_serve_html_model_lang(f, path, m, r, SF_LANG_EN);
}

int sf_serve_html_model_for(FILE *f, const char *path, const sf_model *m, const sf_results *r,
                            const char *accept_language) {
    return sf_serve_html_model_lang(f, path, m, r, sf_lang_from_accept_language(accept_language));
}

int sf_serve_html_model_lang(FILE *f, const char *path, const sf_model *m, const sf_results *r,
                             sf_lang l) {
    char title[300];
    snprintf(title, sizeof title, sf_tr("%s: what if?", l), sf_model_name(m));
    sf_html_begin_lang(f, title, l);
    fputs(serve_style, f);
    fprintf(f, "<p><a href=\"/\">%s</a> · <code>", sf_tr("all models", l));
    sf_html_str(f, path);
    fputs("</code> · ", f);
    fprintf(f, sf_tr("base run: %d replications of %.0f days after the warm-up, seed %llu.", l),
            sf_results_replications(r), sf_model_horizon(m) / 24,
            (unsigned long long)sf_results_seed(r));
    fprintf(f, "</p>\n<section id=\"what-if\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n",
            sf_tr("What if", l),
            sf_tr("Change a capacity, a population or the demand and run: the base and the "
                  "changed model run with the same random numbers. The charts show each "
                  "what-if's level of an indicator (dot) with its paired 95 % interval (bar) "
                  "against the base's level (dashed line), the what-ifs tried side by side; an "
                  "indicator no what-if changes is not drawn.",
                  l));
    fputs("<form id=\"whatif\" class=\"whatif\" data-model=\"", f);
    sf_html_str(f, path);
    fprintf(f, "\">\n<fieldset><legend>%s</legend>\n", sf_tr("Capacity", l));
    for (int u = 0; u < m->nunits; u++) {
        const sf_unit *un = &m->units[u];
        char label[300];
        /* a response unit's capacity is its stations' vehicles, which a
         * what-if does not change (docs/api.md): no input */
        if (un->kind == SF_UNIT_RESPONSE)
            continue;
        snprintf(label, sizeof label, "%s %s", un->name, sf_tr(capacity_word(un->kind), l));
        fputs("<label>", f);
        sf_html_str(f, label);
        if (un->sched)
            fprintf(f, " <span class=\"note\">%s</span>",
                    sf_tr("(a schedule, at most; a new value holds at every hour)", l));
        fprintf(f, "<input type=\"number\" min=\"0\" step=\"1\" value=\"%d\"", un->capacity);
        path_attr(f, "units", un->name, capacity_word(un->kind));
        fputs(" data-label=\"", f);
        sf_html_str(f, label);
        fputs("\"></label>\n", f);
    }
    fputs("</fieldset>\n", f);
    if (m->npopulations) {
        fprintf(f, "<fieldset><legend>%s</legend>\n", sf_tr("Populations (people)", l));
        for (int p = 0; p < m->npopulations; p++) {
            const sf_population *pp = &m->populations[p];
            char label[300];
            snprintf(label, sizeof label, "%s size", pp->name);
            fputs("<label>", f);
            sf_html_str(f, pp->name);
            fprintf(f, "<input type=\"number\" min=\"0\" step=\"1\" value=\"%.10g\"", pp->size);
            path_attr(f, "populations", pp->name, "size");
            fputs(" data-label=\"", f);
            sf_html_str(f, label);
            fputs("\"></label>\n", f);
        }
        fputs("</fieldset>\n", f);
    }
    fprintf(f,
            "<fieldset><legend>%s</legend>\n<label>%s<input name=\"growth\" type=\"number\" "
            "min=\"0.1\" max=\"5\" step=\"0.05\" value=\"1\"></label>\n<p "
            "class=\"note\">%s</p>\n</fieldset>\n<div><button type=\"submit\">%s</button>\n"
            "<p id=\"status\"></p></div>\n</form>\n",
            sf_tr("Demand", l), sf_tr("growth factor", l),
            sf_tr("Multiplies every population and every arrival stream.", l),
            sf_tr("Run what-if", l));
    if (m->nscenarios) {
        fprintf(f, "<p>%s ", sf_tr("The model's own scenarios, each against the base:", l));
        for (int i = 0; i < m->nscenarios; i++) {
            fputs("<button type=\"button\" data-scenario=\"", f);
            sf_html_str(f, m->scenario_names[i]);
            fputs("\">", f);
            sf_html_str(f, m->scenario_names[i]);
            fputs("</button> ", f);
        }
        fputs("</p>\n", f);
    }
    fputs("<div id=\"variants\"></div>\n<div id=\"forest\" class=\"forest\"></div>\n", f);
    sf_serve_html_report_button(f);
    fputs("</section>\n", f);
    fprintf(f, "<h2>%s</h2>\n", sf_tr("Base run", l));
    int rc = sf_results_write_html_charts_lang(r, m, l, f);
    fputs(serve_script, f);
    sf_html_end(f);
    if (rc)
        return rc;
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_serve_svg_forest(FILE *f, const sf_compare *c, const sf_model *base,
                        const char *accept_language) {
    sf_lang l = sf_lang_from_accept_language(accept_language);
    int n = sf_compare_write_forests(c, base, l, f);
    if (n < 0)
        return n;
    if (!n)
        fprintf(f, "<p class=\"note\">%s</p>\n",
                sf_tr("No indicator changed: every difference is 0 in every replication.", l));
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_serve_html_report(FILE *f, const sf_compare *c, const sf_model *base,
                         const char *accept_language) {
    return sf_compare_write_report(c, sf_model_name(base), base,
                                   sf_lang_from_accept_language(accept_language), f);
}

int sf_serve_html_sweep(FILE *f, const char *path, const char *json, size_t len, sf_diag *d) {
    sf_sweep *s;
    char name[600];
    snprintf(name, sizeof name, "%s/sweep.json", path);
    int rc = sf_sweep_read_json(name, json, len, &s, d);
    if (rc)
        return rc;
    /* the model's name as report.html has it; a file older than it: the folder */
    const char *model = *sf_sweep_model(s) ? sf_sweep_model(s) : path;
    rc = sf_sweep_write_page(s, model, path, f);
    sf_sweep_free(s);
    return rc;
}
