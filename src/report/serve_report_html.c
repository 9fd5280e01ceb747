/* serve_report_html.c: the model page's download of the report of the
 * variants tried (serve_html.h): a button that posts the chosen cards'
 * what-ifs to POST /api/report (docs/api.md) and saves the answer, the
 * page `samflyt compare --out` writes, as report.html. Each card keeps
 * its request (data-req) and a box saying whether it is chosen. */
#include "report/serve_html.h"

static const char report_part[] =
    "<p><button type=\"button\" id=\"report\">Download the report of the chosen variants</button>"
    " <span id=\"report-status\" class=\"note\"></span></p>\n"
    "<script>\n"
    "(function(){\n"
    "var b=document.getElementById('report'),st=document.getElementById('report-status');\n"
    "b.addEventListener('click',function(){\n"
    " var v=[];document.querySelectorAll('#variants .variant').forEach(function(c){\n"
    "  var k=c.querySelector('input.pick');if(c.dataset.req&&(!k||k.checked))\n"
    "   v.push(JSON.parse(c.dataset.req));});\n"
    " if(!v.length){st.textContent='run a what-if first';return;}\n"
    " if(v.length>8){st.textContent='choose at most 8 variants';return;}\n"
    " st.textContent='running '+v.length+' variants\\u2026';\n"
    " fetch('/api/report',{method:'POST',headers:{'Content-Type':'application/json'},\n"
    "  body:JSON.stringify({variants:v})})\n"
    " .then(function(r){if(r.status!==200)return r.json().then(function(j){\n"
    "   throw new Error(r.status+': '+j.error);});return r.blob();})\n"
    " .then(function(blob){var a=document.createElement('a');a.download='report.html';\n"
    "  a.href=URL.createObjectURL(blob);document.body.appendChild(a);a.click();a.remove();\n"
    "  st.textContent='report.html of '+v.length+' variants saved';})\n"
    " .catch(function(x){st.textContent='error '+x.message;});});\n"
    "})();\n"
    "</script>\n";

void sf_serve_html_report_button(FILE *f) { fputs(report_part, f); }
