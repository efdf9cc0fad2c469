const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('payments', __dirname);
