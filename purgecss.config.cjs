// PurgeCSS, run by `npm run build:css` after Sass: keeps only the rules of site.css whose
// classes, ids and elements appear in a file that can put them on a public page (the
// Makefile rebuilds when one changes). Bootstrap
// brings far more than we use; unused rules cost every patient's phone bytes and parsing.
// A new template, script or Python file that sets a class is found by these globs; a
// class made by joining strings at run time is not, and goes in the safelist.
const fs = require("node:fs");

// Form fields come from templates in the virtualenv (`make install` creates it before
// building the static files): crispy-forms' Bootstrap 5 ones set the classes, Django's
// widget templates make the <select>, <textarea> and <input> elements.
const lib = ".venv/lib";
const python = fs.existsSync(lib) && fs.readdirSync(lib).find((name) => name.startsWith("python"));
const formTemplates = [
  `${lib}/${python}/site-packages/crispy_bootstrap5/templates`,
  `${lib}/${python}/site-packages/django/forms/templates/django/forms`,
];
for (const folder of formTemplates) {
  if (!fs.existsSync(folder)) {
    throw new Error(`No form templates in ${folder}: run \`make install\` first.`);
  }
}

module.exports = {
  css: ["static/dist/site.css"],
  output: "static/dist/",
  content: [
    "templates/**/*.html",
    "*/templates/**/*.html",
    "static/js/**/*.js",
    // Forms' widget attributes, template tags and the Markdown allow-list of elements.
    "*/**/*.py",
    ...formTemplates.map((folder) => `${folder}/**/*.html`),
  ],
  skippedContentGlobs: ["node_modules/**", "tests/**", "bench/**", "audit/**", "staticfiles/**"],
  safelist: {
    standard: [
      // templates/includes/messages.html: alert-{{ message.level_tag }}.
      /^alert-(success|info|warning|danger)$/,
      // Pseudo-classes never decide: a rule of them alone (`:focus-visible`, the focus
      // indicator of every element) applies to every page.
      /^:/,
    ],
  },
  // Custom properties and @keyframes that no kept rule uses.
  variables: true,
  keyframes: true,
};
