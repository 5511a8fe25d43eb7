// placeholder: filled by the scenario loader
