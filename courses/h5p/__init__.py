"""H5P activities inside courses: H5P lessons, their authoring pages and API.

The H5P engine (`h5p`) validates, stores and plays packages and takes xAPI
statements; it knows no course and may import only `core`. This package places
its contents in modules, decides who may play them (the enrolment), and turns a
finished attempt into progress. The package-upload API lives here, not in `h5p/`,
because it checks the trainer role (`members`), which the engine may not import.
Inside: teach_views and api call services and selectors, which call the engine.
"""
