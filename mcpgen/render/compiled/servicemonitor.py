# Generated from templates/servicemonitor.yaml.j2 by `python -m mcpgen_dev.compiled_templates`;
# do not edit. Jinja's code for the template, run on mcpgen.render.runtime.
from mcpgen.render.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join, environment
SOURCE_SHA256 = "fe41fbb5c11d613d823754bfb90eaf0c76dd4ea601c4ac03def9d0afe3f1d1bb"

name = 'servicemonitor.yaml.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_plan = resolve('plan')
    l_0_m = resolve('m')
    try:
        t_1 = environment.filters['y']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'y' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    if (not t_2(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'service_monitor'))):
        pass
        l_0_m = environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'service_monitor')
        context.vars['m'] = l_0_m
        context.exported_vars.add('m')
        yield 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'name')))
        yield '\n  namespace: '
        yield str(t_1(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'namespace')))
        yield '\n  labels: '
        yield str(t_1(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'labels')))
        yield '\nspec: '
        yield str(t_1(environment.getattr((undefined(name='m') if l_0_m is missing else l_0_m), 'spec')))
    yield '\n'

blocks = {}
debug_info = '2=25&3=27&7=31&8=33&9=35&10=37'