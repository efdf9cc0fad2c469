const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('application', __dirname);
