const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('domain', __dirname);
