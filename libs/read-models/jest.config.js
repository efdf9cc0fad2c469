const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('read-models', __dirname);
