const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('api', __dirname);
