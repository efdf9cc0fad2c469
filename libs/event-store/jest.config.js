const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('event-store', __dirname);
