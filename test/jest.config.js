const { projectConfig } = require('../jest.preset.js');

module.exports = projectConfig('test-e2e', __dirname);
