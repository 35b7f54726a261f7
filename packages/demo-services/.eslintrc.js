// ESLint configuration of the demo services: the Backstage defaults (lints the .mjs sources too).
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname);
