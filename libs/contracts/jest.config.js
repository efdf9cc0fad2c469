const { projectConfig } = require('../../jest.preset.js');

module.exports = projectConfig('contracts', __dirname);
