const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('reference-data', __dirname);
