const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('worker', __dirname);
